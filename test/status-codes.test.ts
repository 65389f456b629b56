// One table from HTTP status to error code: the reference server's (server/errors.mjs, the one
// docs/rest-api.md documents) and the clients' mapping of a status without a code in the body
// (src/providers/http-errors.ts, which RestProvider and WordPressProvider both use) give the same
// code for every status.
import { expect } from '@open-wc/testing';
// @ts-expect-error: a plain JavaScript module of the server, without type declarations
import { STATUS_FOR_CODE, codeForStatus as serverCode } from '../server/errors.mjs';
import { codeForStatus as clientCode } from '../src/providers/http-errors.js';
import { errorFromResponse } from '../src/providers/rest-http.js';
import { toWordPressError } from '../src/providers/wordpress-mapping.js';

describe('HTTP status → error code', () => {
  it('the client maps every status as the server\'s table does', () => {
    const disagreements: string[] = [];
    for (let status = 400; status < 600; status++) {
      if (serverCode(status) !== clientCode(status)) disagreements.push(`${status}: server ${serverCode(status)}, client ${clientCode(status)}`);
    }
    expect(disagreements).to.deep.equal([]);
  });

  it('both HTTP providers map a bare status as the server\'s table does', () => {
    const disagreements: string[] = [];
    for (let status = 400; status < 600; status++) {
      const rest = errorFromResponse(status, null).code;
      const wordpress = toWordPressError(status, null).code;
      if (rest !== serverCode(status) || wordpress !== serverCode(status)) {
        disagreements.push(`${status}: server ${serverCode(status)}, rest ${rest}, wordpress ${wordpress}`);
      }
    }
    expect(disagreements).to.deep.equal([]);
  });

  it('every status the server answers with reads back as its code', () => {
    for (const [code, status] of Object.entries(STATUS_FOR_CODE as Record<string, number>)) {
      // 403 is both `forbidden` and `closed`; a bare 403 is `forbidden`.
      expect(serverCode(status), code).to.equal(code === 'closed' ? 'forbidden' : code);
    }
    expect([408, 410, 413, 415, 422, 502].map(serverCode)).to.deep.equal(['timeout', 'not_found', 'validation', 'validation', 'validation', 'network']);
  });
});
