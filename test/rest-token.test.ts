import { expect } from '@open-wc/testing';
import { RestProvider } from '../src/providers/rest-provider.js';
import { SessionToken, TICKET_PARAM, takeReturnedTicket } from '../src/providers/rest-token.js';

const TOKEN = 'A'.repeat(43);

describe('token sessions (src/providers/rest-token.ts)', () => {
  const start = location.href;
  afterEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', start);
  });

  it('keeps the token per endpoint for the tab, sends it as a bearer header, forgets it at sign-out', () => {
    const token = new SessionToken('https://api.example/api');
    expect(token.header).to.deep.equal({});
    token.set(TOKEN);
    expect(token.header).to.deep.equal({ Authorization: `Bearer ${TOKEN}` });
    expect(new SessionToken('https://api.example/api').header, 'after a reload').to.deep.equal({ Authorization: `Bearer ${TOKEN}` });
    expect(new SessionToken('https://other.example/api').header, 'another endpoint').to.deep.equal({});
    token.set('not a token: spaces and\nnewlines');
    expect(token.header).to.deep.equal({});
    expect(new SessionToken('https://api.example/api').header).to.deep.equal({});
  });

  it('takes the ticket out of the address once, keeping the rest of it', () => {
    const url = new URL(start);
    url.searchParams.set(TICKET_PARAM, 'the-ticket');
    url.hash = 'comments';
    history.replaceState(null, '', url.href);
    expect(takeReturnedTicket()).to.equal('the-ticket');
    expect(new URL(location.href).searchParams.has(TICKET_PARAM)).to.equal(false);
    expect(location.hash).to.equal('#comments');
    expect(takeReturnedTicket()).to.equal(null);
  });

  it('RestProvider with session: "token" sends no cookies and the bearer token; back with a ticket it redeems it first', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      calls.push({ url, init });
      if (url.endsWith('/auth/token')) return new Response(JSON.stringify({ token: TOKEN, identity: { optionId: 'dev', name: 'Tess' } }), { status: 200 });
      const signedIn = new Headers(init.headers).get('authorization') === `Bearer ${TOKEN}`;
      return new Response(JSON.stringify({ identity: signedIn ? { optionId: 'dev', name: 'Tess' } : null }), { status: 200 });
    };
    const url = new URL(start);
    url.searchParams.set(TICKET_PARAM, 'the-ticket');
    history.replaceState(null, '', url.href);
    const provider = new RestProvider({ endpoint: 'https://api.example/api', session: 'token', fetch });
    expect(await provider.currentIdentity()).to.deep.equal({ optionId: 'dev', name: 'Tess' });
    expect(calls.map((call) => call.url)).to.deep.equal(['https://api.example/api/auth/token', 'https://api.example/api/identity']);
    expect(JSON.parse(String(calls[0].init.body))).to.deep.equal({ ticket: 'the-ticket' });
    for (const call of calls) expect(call.init.credentials).to.equal('omit');
    expect(new URL(location.href).searchParams.has(TICKET_PARAM)).to.equal(false);
    // A cookie-session provider (the default) sends cookies and no bearer header.
    const cookie = new RestProvider({ endpoint: 'https://api.example/api', fetch });
    await cookie.currentIdentity();
    expect(calls.at(-1)!.init.credentials).to.equal('include');
    expect(new Headers(calls.at(-1)!.init.headers).has('authorization')).to.equal(false);
  });
});
