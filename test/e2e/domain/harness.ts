/**
 * The real app (buildServer + generated routes + domain handlers) on a real database,
 * with principals from the real auth module: EdDSA access tokens signed by a key ring,
 * verified by the authenticator, and RBAC decided by the role_permissions seed rows read
 * from the same database (permissionLoader), never by a table written here.
 */
import { randomUUID } from 'node:crypto';
import { createAuthModule } from '../../../app/auth/module.js';
import { signAccessToken } from '../../../app/auth/tokens.js';
import { loadConfig } from '../../../app/config.js';
import type { Database } from '../../../app/db/client.js';
import type { AppDeps } from '../../../app/deps.js';
import { silentLogger } from '../../../app/telemetry/logger.js';
import { buildServer } from '../../../app/server.js';
import { users } from '../../../generated/db/schema.js';

export type Role = 'admin' | 'employer' | 'job_seeker';

/** A response as tests read it; bodies are loose JSON, checked by the assertions themselves. */
export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON, asserted per test
  body: any;
  headers: Headers;
}

export interface Actor {
  id: string;
  role: Role;
  email: string;
  token: string;
}

export interface DomainAppOptions {
  clock?: () => Date;
  extraDeps?: Partial<AppDeps>;
}

export async function createDomainApp(db: Database, options: DomainAppOptions = {}) {
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_COST: '4',
    PERMISSIONS_REFRESH_SECONDS: '0',
    // Every request here comes from one address; rate limits are the auth suite's subject.
    RATE_LIMITS: JSON.stringify({ globalPerIp: { limit: 1_000_000, windowMs: 60_000 } }),
  });
  // Response validation on: every answer must match the spec, or the test sees a 500.
  if (!config.validateResponses) throw new Error('tests expect response validation');
  // The real auth module: tokens signed by its key ring, verified by its authenticator,
  // RBAC from the role_permissions seed rows in this database.
  const auth = await createAuthModule({ config: config.auth, db, logger: silentLogger });
  const { keys, permissions } = auth;
  const app = buildServer({
    deps: {
      config,
      logger: silentLogger,
      clock: options.clock ?? (() => new Date()),
      db,
      auth,
      ...options.extraDeps,
    },
  });

  let n = 0;
  /** A user row inserted through drizzle, and a signed access token for it. */
  async function actor(
    role: Role,
    fields: { displayName?: string; email?: string; createdAt?: Date } = {},
  ): Promise<Actor> {
    const email = fields.email ?? `${role}-${++n}-${randomUUID().slice(0, 8)}@example.com`;
    const [row] = await db
      .insert(users)
      .values({
        email,
        passwordHash: '$2b$04$notarealhashnotarealhashnotarealhashnotarealhash',
        displayName: fields.displayName ?? `${role} ${n}`,
        roleCode: role,
        ...(fields.createdAt ? { createdAt: fields.createdAt, updatedAt: fields.createdAt } : {}),
      })
      .returning({ id: users.id });
    const { token } = signAccessToken(
      keys,
      config.auth.tokens,
      { userId: row!.id, role, deviceId: randomUUID() },
      Date.now(),
    );
    return { id: row!.id, role, email, token };
  }

  async function call(
    method: string,
    path: string,
    init: { as?: Actor | undefined; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<CallResult> {
    const res = await app.request(path, {
      method,
      headers: {
        ...(init.as ? { authorization: `Bearer ${init.as.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (res.status >= 500) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    if (
      res.status >= 400 &&
      !res.headers.get('content-type')?.startsWith('application/problem+json')
    ) {
      throw new Error(`${method} ${path} → ${res.status} without problem+json`);
    }
    return { status: res.status, body, headers: res.headers };
  }

  return { app, call, actor, keys, permissions };
}

export type DomainApp = Awaited<ReturnType<typeof createDomainApp>>;

export const jobInput = (companyId: string, extra: Record<string, unknown> = {}) => ({
  companyId,
  title: 'Senior TypeScript Engineer',
  description: 'Build the contract-first toolkit behind our API platform.',
  employmentType: 'full_time',
  ...extra,
});

/** An employer with a company and a job in the wanted state, through the API. */
export async function employerWithJob(
  t: DomainApp,
  state: 'draft' | 'published' | 'closed' = 'published',
  job: Record<string, unknown> = {},
) {
  const employer = await t.actor('employer');
  const company = await t.call('POST', '/api/v1/companies', {
    as: employer,
    body: { name: 'Analytical Engines' },
  });
  if (company.status !== 201) throw new Error(`company: ${company.status}`);
  const created = await t.call('POST', '/api/v1/jobs', {
    as: employer,
    body: jobInput(company.body.id, job),
  });
  if (created.status !== 201)
    throw new Error(`job: ${created.status} ${JSON.stringify(created.body)}`);
  const jobId: string = created.body.id;
  if (state !== 'draft') await t.call('POST', `/api/v1/jobs/${jobId}/publish`, { as: employer });
  if (state === 'closed') await t.call('POST', `/api/v1/jobs/${jobId}/close`, { as: employer });
  return { employer, companyId: company.body.id as string, jobId };
}
