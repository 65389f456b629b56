import { expect } from '@open-wc/testing';

/** What the integration runner says of its WordPress (`WORDPRESS_INFO`): addresses, seeded posts and users. */
export interface WordPressInfo {
  url: string;
  restUrl: string;
  posts: { myth: number; open: number; many: number; closed: number };
  seedComments: Record<string, number>;
  users: Record<'admin' | 'julian' | 'reader', { id: number; login: string; password: string; appPassword: string; name?: string }>;
}

/** WordPress's REST API as its administrator (Application Password); fails the test on an error answer. */
export async function asAdminOf(wp: Pick<WordPressInfo, 'restUrl' | 'users'>, method: string, route: string, body?: unknown): Promise<any> {
  const { login, appPassword } = wp.users.admin;
  const response = await fetch(`${wp.restUrl}${route}`, {
    method,
    headers: { authorization: `Basic ${btoa(`${login}:${appPassword}`)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json();
  expect(response.ok, `${method} ${route}: ${JSON.stringify(answer)}`).to.equal(true);
  return answer;
}
