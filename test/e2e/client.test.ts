/**
 * The generated client against the real server: buildServer with the domain handlers and
 * the real auth module (bcrypt, EdDSA tokens, RBAC from the seed rows) on a migrated
 * PGlite, listening on a real port via @hono/node-server. Every call goes over HTTP
 * through `generated/openapi/client.ts`; the compile-time checks below run under
 * `npx tsc -p tsconfig.json --noEmit`.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import {
  ApiError,
  createApiClient,
  unwrap,
  type ApiClient,
  type Schemas,
} from '../../generated/openapi/client.js';
import { createDomainApp } from './domain/harness.js';

let tdb: TestDatabase;
let server: ServerType;
let baseUrl: string;
/** The signed-in user's access token; the client reads it on every request. */
let token: string | undefined;
let api: ApiClient;
let anonymous: ApiClient;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const { app } = await createDomainApp(tdb.db);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = createApiClient({ baseUrl, token: () => token });
  anonymous = createApiClient({ baseUrl });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await tdb?.close();
});

const email = `employer-${process.pid}@example.com`;
const password = 'Quill-and-Lamp-1843';

describe('generated client against the running server', () => {
  let company: Schemas['Company'];
  let job: Schemas['Job'];

  it('register → login → me', async () => {
    const registered = await anonymous.POST('/api/v1/auth/register', {
      body: { email, password, displayName: 'Ada Employer', role: 'employer' },
    });
    expect(registered.response.status).toBe(202);
    expect(registered.data).toEqual({ status: 'accepted' });

    const pair = await unwrap(
      anonymous.POST('/api/v1/auth/login', {
        body: { email, password, deviceName: 'e2e client' },
      }),
    );
    expect(pair.tokenType).toBe('Bearer');
    token = pair.accessToken;

    const me = await unwrap(api.GET('/api/v1/auth/me'));
    expect(me).toMatchObject({ email, displayName: 'Ada Employer', role: 'employer' });
  });

  it('createCompany → createJob (draft, not listed) → publishJob → listJobs', async () => {
    const created = await api.POST('/api/v1/companies', {
      body: { name: 'Analytical Engines', location: 'London, UK' },
    });
    expect(created.response.status).toBe(201);
    company = created.data!;
    expect(company.name).toBe('Analytical Engines');

    job = await unwrap(
      api.POST('/api/v1/jobs', {
        body: {
          companyId: company.id,
          title: 'Difference Engine Operator',
          description: 'Tabulates polynomials by the method of finite differences.',
          employmentType: 'full_time',
          salaryMin: 50_000,
          salaryMax: 60_000,
          currency: 'GBP',
          tags: ['engines'],
        },
      }),
    );
    expect(job).toMatchObject({ status: 'draft', companyId: company.id });

    const query = { q: 'polynomials' };
    const before = await unwrap(anonymous.GET('/api/v1/jobs', { params: { query } }));
    expect(before.items).toEqual([]);

    const published = await unwrap(
      api.POST('/api/v1/jobs/{jobId}/publish', { params: { path: { jobId: job.id } } }),
    );
    expect(published.status).toBe('published');

    const after = await unwrap(
      anonymous.GET('/api/v1/jobs', {
        params: { query: { ...query, employmentType: 'full_time', salaryMin: 55_000 } },
      }),
    );
    expect(after.items.map((j) => j.id)).toEqual([job.id]);
    expect(after.nextCursor).toBeNull();
  });

  it('errors arrive as the typed problem body; unwrap throws ApiError with it', async () => {
    const denied = await anonymous.POST('/api/v1/companies', { body: { name: 'Nobody Inc' } });
    expect(denied.data).toBeUndefined();
    expect(denied.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(denied.error).toMatchObject({ status: 401, title: expect.any(String) });

    const err = await unwrap(
      api.POST('/api/v1/jobs/{jobId}/publish', { params: { path: { jobId: job.id } } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    expect((err as ApiError).body).toMatchObject({ status: 409 });

    // Bypassing the types on purpose: the server still rejects it, with every field listed.
    const invalid = await api.POST('/api/v1/jobs', {
      body: { companyId: company.id, title: 'x' } as never,
    });
    expect(invalid.response.status).toBe(400);
    const fields = (invalid.error as { errors?: { field?: string; path?: string }[] }).errors;
    expect(fields?.length).toBeGreaterThanOrEqual(3);
  });

  it('a per-call Authorization header overrides the client token', async () => {
    const res = await api.GET('/api/v1/auth/me', { headers: { authorization: 'Bearer forged' } });
    expect(res.response.status).toBe(401);
  });

  it('serves /docs and the spec it renders', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect((await fetch(`${baseUrl}${ref}`)).status, ref).toBe(200);
    const spec = await fetch(`${baseUrl}/openapi.json`);
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });
});

/** Compile-time only (never called): wrong shapes are tsc errors. */
export function typeChecks(client: ApiClient, companyId: string) {
  void client.POST('/api/v1/jobs', {
    // @ts-expect-error employmentType is an enum, not any string
    body: { companyId, title: 'Engineer', description: 'd', employmentType: 'sometimes' },
  });
  // @ts-expect-error description and employmentType are required
  void client.POST('/api/v1/jobs', { body: { companyId, title: 'Engineer' } });
  void client.POST('/api/v1/auth/login', {
    // @ts-expect-error password must be a string
    body: { email: 'a@example.com', password: 12345678 },
  });
  // @ts-expect-error publishJob needs its jobId path parameter
  void client.POST('/api/v1/jobs/{jobId}/publish', {});
  // @ts-expect-error listJobs has no such query parameter
  void client.GET('/api/v1/jobs', { params: { query: { colour: 'red' } } });
}
