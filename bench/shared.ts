/**
 * What every benchmarked stack shares, so that only the framework and its contract
 * enforcement differ: the signing key and the synchronous token check (the app's real
 * verifier, app/auth/tokens.ts), the permission rule, and one in-memory handler with its data.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createKeyRing, type KeyRing, type KeySpec } from '../app/auth/keys.js';
import { signAccessToken, verifyAccessToken, type TokenSettings } from '../app/auth/tokens.js';
import type { AccessTokenVerifier } from '../app/auth/verified-tokens.js';
import type { components } from '../generated/openapi/types.js';

export type Job = components['schemas']['Job'];
export type JobCreate = components['schemas']['JobCreate'];

export const specPath = fileURLToPath(new URL('../openapi/api-spec.yaml', import.meta.url));

/** The spec as a plain object (each peer gets its own copy: some mutate what they are given). */
export function loadSpec(): Record<string, unknown> {
  return parse(readFileSync(specPath, 'utf8')) as Record<string, unknown>;
}

export const tokenSettings: TokenSettings = {
  issuer: 'https://bench.example',
  audience: 'jobboard-bench',
  accessTtlSeconds: 3600,
  clockSkewSeconds: 30,
};

/** The key travels from the parent to each server child in this variable (JSON KeySpec). */
export const KEY_ENV = 'BENCH_KEY_SPEC';

export function keyRingFromEnv(env: NodeJS.ProcessEnv = process.env): KeyRing {
  const raw = env[KEY_ENV];
  if (!raw) throw new Error(`${KEY_ENV} is not set`);
  return createKeyRing([JSON.parse(raw) as KeySpec]);
}

export function signBenchToken(keys: KeyRing, role = 'employer'): string {
  return signAccessToken(
    keys,
    tokenSettings,
    { userId: randomUUID(), role, deviceId: randomUUID() },
    Date.now(),
  ).token;
}

export interface BenchPrincipal {
  userId: string;
  role: string;
}

export type AuthCheck =
  { ok: true; principal: BenchPrincipal } | { ok: false; status: 401; detail: string };

/**
 * The same synchronous check on every stack: bearer parsing plus `verifyAccessToken`;
 * (b3) passes the app's cached verifier instead (app/auth/verified-tokens.ts).
 */
export function checkBearer(
  keys: KeyRing,
  authorization: string | undefined,
  verify: AccessTokenVerifier = verifyAccessToken,
): AuthCheck {
  if (!authorization || !/^bearer /i.test(authorization)) {
    return { ok: false, status: 401, detail: 'missing bearer token' };
  }
  try {
    const claims = verify(authorization.slice(7), keys, tokenSettings, Date.now());
    return { ok: true, principal: { userId: claims.sub, role: claims.role } };
  } catch {
    return { ok: false, status: 401, detail: 'invalid token' };
  }
}

/** The role → permission rows the benchmarked operations need (POL-R-001's shape). */
const rolePermissions: Record<string, readonly string[]> = {
  employer: ['jobs:create'],
  admin: ['jobs:create'],
};

export function permits(principal: BenchPrincipal, permissions: readonly string[]): boolean {
  const granted = rolePermissions[principal.role] ?? [];
  return permissions.some((p) => granted.includes(p));
}

// --- the in-memory handler ---------------------------------------------------------------

const companies = Array.from(
  { length: 8 },
  (_, i) => `3e2d1c0b-4a5f-4b6c-9d7e-8f9a0b1c2d${String(i).padStart(2, '0')}`,
);
const types = ['full_time', 'part_time', 'contract'] as const;

/** 300 published jobs, most of which match the benchmarked query (so a page is full). */
const jobs: Job[] = Array.from({ length: 300 }, (_, i) => {
  const day = String(1 + (i % 28)).padStart(2, '0');
  return {
    id: `7d6c5b4a-3e2f-4a1b-8c9d-${String(i).padStart(12, '0')}`,
    companyId: companies[i % companies.length]!,
    title: `Senior TypeScript Engineer ${i}`,
    description: 'Build the contract-first toolkit behind our API platform.',
    location: i % 2 ? 'Berlin, Germany' : 'Remote, EU',
    remote: i % 5 !== 0,
    employmentType: i % 7 === 0 ? types[1 + (i % 2)]! : 'full_time',
    salaryMin: 60000 + (i % 10) * 1000,
    salaryMax: 90000 + (i % 10) * 1000,
    currency: 'EUR',
    tags: i % 3 ? ['typescript', 'postgres'] : ['typescript'],
    status: 'published',
    publishedAt: `2025-01-${day}T12:00:00Z`,
    closedAt: null,
    createdAt: `2025-01-${day}T09:00:00Z`,
    updatedAt: `2025-01-${day}T12:00:00Z`,
  };
});

/** The validated query as every stack hands it over (names as the spec spells them). */
export interface JobQuery {
  limit?: number;
  q?: string;
  location?: string;
  remote?: boolean;
  employmentType?: string;
  salaryMin?: number;
  salaryMax?: number;
  tags?: string[];
  companyId?: string;
}

export function listJobs(query: JobQuery): { items: Job[]; nextCursor: string | null } {
  const limit = query.limit ?? 20;
  const tags =
    query.tags === undefined ? [] : Array.isArray(query.tags) ? query.tags : [query.tags];
  const items: Job[] = [];
  for (const job of jobs) {
    if (query.remote !== undefined && job.remote !== query.remote) continue;
    if (query.employmentType !== undefined && job.employmentType !== query.employmentType) continue;
    if (query.salaryMin !== undefined && (job.salaryMax ?? 0) < query.salaryMin) continue;
    if (query.salaryMax !== undefined && (job.salaryMin ?? Infinity) > query.salaryMax) continue;
    if (query.companyId !== undefined && job.companyId !== query.companyId) continue;
    if (tags.some((t) => !job.tags.includes(t))) continue;
    if (query.q !== undefined && !job.title.includes(query.q)) continue;
    if (query.location !== undefined && !job.location?.toLowerCase().includes(query.location))
      continue;
    items.push(job);
    if (items.length === limit + 1) break;
  }
  const more = items.length > limit;
  if (more) items.pop();
  return { items, nextCursor: more ? Buffer.from(items.at(-1)!.id).toString('base64url') : null };
}

const created: Job[] = [];

/** Builds the draft and keeps the last 100 (so memory stays flat during a run). */
export function createJob(body: JobCreate, _principal: BenchPrincipal): Job {
  const now = new Date().toISOString();
  const job: Job = {
    id: randomUUID(),
    companyId: body.companyId,
    title: body.title,
    description: body.description,
    location: body.location ?? null,
    remote: body.remote ?? false,
    employmentType: body.employmentType,
    salaryMin: body.salaryMin ?? null,
    salaryMax: body.salaryMax ?? null,
    currency: body.currency ?? null,
    tags: body.tags ?? [],
    status: 'draft',
    publishedAt: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  created.push(job);
  if (created.length > 100) created.shift();
  return job;
}

/** createJob for a caller the spec's `jobs:create` permits; null = 403. */
export function createJobAs(principal: BenchPrincipal, body: JobCreate): Job | null {
  return permits(principal, ['jobs:create']) ? createJob(body, principal) : null;
}

/** The problem+json text the hand-wired stacks answer their framework's errors with. */
export function problemText(status: number, title: string): string {
  return JSON.stringify({ type: 'about:blank', title, status });
}

/** A running server of one stack. */
export interface StackServer {
  port: number;
  close(): Promise<void>;
}

export interface StackContext {
  keys: KeyRing;
}
