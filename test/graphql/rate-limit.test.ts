/**
 * Rate limits belong to the operation, not the URL (POL-A-007): `login` through GraphQL
 * meets the same counters as POST /api/v1/auth/login, so it gets the same 429 after the
 * same number of attempts, and attempts on one surface count on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createAuthApp, PASSWORD } from '../auth/harness.js';
import { gql } from './client.js';

let db: TestDatabase;
let h: Awaited<ReturnType<typeof createAuthApp>>;
const PER_ACCOUNT = 3;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createAuthApp(db.db, {
    env: {
      RATE_LIMITS: JSON.stringify({
        globalPerIp: { limit: 100_000, windowMs: 60_000 },
        login: {
          perIp: { limit: 100_000, windowMs: 60_000 },
          perAccount: { limit: PER_ACCOUNT, windowMs: 60_000 },
        },
      }),
    },
  });
  for (const who of ['rest', 'graphql', 'mixed']) await h.register(`${who}@example.com`);
});
afterAll(async () => {
  await h?.auth.close();
  await db?.close();
});

const LOGIN = `mutation($input: LoginRequestInput!) { login(input: $input) { accessToken } }`;
let ip = 0;
const nextIp = () => `203.0.113.${++ip}`;

async function viaRest(email: string): Promise<number> {
  const res = await h.call('POST', '/api/v1/auth/login', {
    body: { email, password: 'wrong password here' },
    ip: nextIp(),
  });
  return res.status;
}

/** The REST status the GraphQL error carries (200 when the login succeeded). */
async function viaGraphql(email: string, password = 'wrong password here'): Promise<number> {
  const res = await gql(h.app, LOGIN, { input: { email, password } }, { ip: nextIp() });
  expect(res.status).toBe(200);
  return res.body.errors?.[0]?.extensions?.status ?? 200;
}

describe('per-operation login limits on both surfaces', () => {
  it('GraphQL gets the same statuses as REST, attempt by attempt', async () => {
    const rest: number[] = [];
    const graphql: number[] = [];
    for (let i = 0; i < PER_ACCOUNT + 2; i++) {
      rest.push(await viaRest('rest@example.com'));
      graphql.push(await viaGraphql('graphql@example.com'));
    }
    expect(rest).toEqual([401, 401, 401, 429, 429]);
    expect(graphql).toEqual(rest);
  });

  it('the 429 carries the problem and Retry-After as a GraphQL error', async () => {
    const res = await gql(h.app, LOGIN, {
      input: { email: 'graphql@example.com', password: PASSWORD },
    });
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      status: 429,
      type: 'https://jobboard.dev/problems/too-many-requests',
    });
    expect(res.body.errors[0].extensions.retryAfter).toBeGreaterThan(0);
  });

  it('attempts count across surfaces, aliases included', async () => {
    const email = 'mixed@example.com';
    expect(await viaRest(email)).toBe(401);
    // Two logins in one GraphQL request are two operation calls: two attempts.
    const two = await gql(
      h.app,
      `mutation($a: LoginRequestInput!) { a: login(input: $a) { accessToken } b: login(input: $a) { accessToken } }`,
      { a: { email, password: 'wrong password here' } },
      { ip: nextIp() },
    );
    expect(
      two.body.errors.map((e: { extensions: { status: number } }) => e.extensions.status),
    ).toEqual([401, 401]);
    expect(await viaRest(email)).toBe(429);
  });
});
