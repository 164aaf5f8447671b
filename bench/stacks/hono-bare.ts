/**
 * (a) The floor: bare Hono, two hand-written routes, hand-written checks of the same rules
 * the spec states for these two operations, and the shared synchronous token check.
 */
import { Hono, type Context } from 'hono';
import {
  checkBearer,
  createJob,
  listJobs,
  permits,
  type JobCreate,
  type JobQuery,
  type StackContext,
} from '../shared.js';
import { serveFetch } from './node-server.js';

const EMPLOYMENT = new Set(['full_time', 'part_time', 'contract', 'internship', 'temporary']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_MONEY = 1_000_000_000;

const problem = (c: Context, status: 400 | 401 | 403 | 415, detail: string) =>
  c.body(
    JSON.stringify({ type: 'about:blank', title: 'Request rejected', status, detail }),
    status,
    {
      'content-type': 'application/problem+json',
    },
  );

function int(raw: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

const str = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const money = (v: unknown) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_MONEY;

/** Returns the typed query or the name of the first bad parameter. */
function parseQuery(all: Record<string, string[]>): JobQuery | string {
  const q: JobQuery = {};
  const one = (name: string) => all[name]?.[0];
  const limit = one('limit');
  if (limit !== undefined) {
    q.limit = int(limit, 1, 100);
    if (q.limit === undefined) return 'limit';
  }
  const remote = one('remote');
  if (remote !== undefined) {
    if (remote !== 'true' && remote !== 'false') return 'remote';
    q.remote = remote === 'true';
  }
  for (const name of ['salaryMin', 'salaryMax'] as const) {
    const raw = one(name);
    if (raw === undefined) continue;
    q[name] = int(raw, 0, MAX_MONEY);
    if (q[name] === undefined) return name;
  }
  const type = one('employmentType');
  if (type !== undefined) {
    if (!EMPLOYMENT.has(type)) return 'employmentType';
    q.employmentType = type;
  }
  for (const name of ['q', 'location'] as const) {
    const raw = one(name);
    if (raw === undefined) continue;
    if (!str(raw, 1, 200)) return name;
    q[name] = raw;
  }
  const companyId = one('companyId');
  if (companyId !== undefined) {
    if (!UUID.test(companyId)) return 'companyId';
    q.companyId = companyId;
  }
  if (all.tags) {
    if (all.tags.length > 20 || !all.tags.every((t) => str(t, 1, 40))) return 'tags';
    q.tags = all.tags;
  }
  return q;
}

const createKeys = new Set([
  'companyId',
  'title',
  'description',
  'location',
  'remote',
  'employmentType',
  'salaryMin',
  'salaryMax',
  'currency',
  'tags',
]);

/** Returns the first bad property, or undefined when the body is a valid JobCreate. */
function checkCreate(b: unknown): string | undefined {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return '(body)';
  const o = b as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!createKeys.has(k)) return k;
  if (typeof o.companyId !== 'string' || !UUID.test(o.companyId)) return 'companyId';
  if (!str(o.title, 3, 200)) return 'title';
  if (!str(o.description, 1, 20000)) return 'description';
  if (typeof o.employmentType !== 'string' || !EMPLOYMENT.has(o.employmentType))
    return 'employmentType';
  if (o.location !== undefined && !str(o.location, 1, 200)) return 'location';
  if (o.remote !== undefined && typeof o.remote !== 'boolean') return 'remote';
  if (o.salaryMin !== undefined && !money(o.salaryMin)) return 'salaryMin';
  if (o.salaryMax !== undefined && !money(o.salaryMax)) return 'salaryMax';
  if (o.currency !== undefined && !(typeof o.currency === 'string' && CURRENCY.test(o.currency)))
    return 'currency';
  if (o.tags !== undefined) {
    const t = o.tags;
    if (!Array.isArray(t) || t.length > 20 || !t.every((x) => str(x, 1, 40))) return 'tags';
    if (new Set(t).size !== t.length) return 'tags';
  }
  return undefined;
}

export async function start({ keys }: StackContext) {
  const app = new Hono();
  app.get('/api/v1/jobs', (c) => {
    const q = parseQuery(c.req.queries());
    if (typeof q === 'string') return problem(c, 400, `bad query parameter ${q}`);
    return c.json(listJobs(q));
  });
  app.post('/api/v1/jobs', async (c) => {
    const auth = checkBearer(keys, c.req.header('authorization'));
    if (!auth.ok) return problem(c, 401, auth.detail);
    if (!permits(auth.principal, ['jobs:create'])) return problem(c, 403, 'not allowed');
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) return problem(c, 415, 'JSON only');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, 'malformed JSON');
    }
    const bad = checkCreate(body);
    if (bad !== undefined) return problem(c, 400, `bad property ${bad}`);
    const job = createJob(body as JobCreate, auth.principal);
    return c.json(job, 201, { location: `/api/v1/jobs/${job.id}` });
  });
  return serveFetch(app.fetch);
}
