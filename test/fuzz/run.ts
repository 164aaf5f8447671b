/**
 * Schema-driven fuzzing of the real app (generated routes, handlers, auth, database): for
 * every operation, requests built from the spec's own schemas, valid and mutated, as every
 * role, a forged token and nobody. Oracles, each independent of our generators:
 * - no 5xx, and no status the operation does not declare;
 * - every response body valid against the spec per upstream Ajv;
 * - a write rejected with 4xx changed no row (checksums of every table, before and after);
 * - a request Ajv calls valid is not refused with 400 (except the documented rules below),
 *   and one Ajv calls invalid is never accepted with 2xx.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../app/db/client.js';
import {
  createDomainApp,
  employerWithJob,
  type Actor,
  type DomainApp,
} from '../e2e/domain/harness.js';
import { createJudge, listOperations, loadSpec, type Json, type Operation } from './spec.js';
import { MUTATIONS, createRng, mutate, sample, uuid, type Mutation, type Rng } from './values.js';

export interface FuzzOptions {
  db: Database;
  seed: number;
  /** Stop after this many requests or this many milliseconds, whichever comes first. */
  requests: number;
  timeMs: number;
}

export interface Finding {
  oracle:
    | 'server-error'
    | 'undeclared-status'
    | 'response-violation'
    | 'rejected-but-changed'
    | 'valid-rejected'
    | 'invalid-accepted';
  operation: string;
  request: string;
  status: number;
  detail: string;
}

export interface FuzzReport {
  sent: number;
  perOperation: Record<string, Record<string, number>>;
  findings: Finding[];
  /** Requests the platform refused to build (e.g. a NUL in a header value): not sent. */
  unsendable: number;
  elapsedMs: number;
}

/**
 * 400s that a schema cannot express, each a documented rule: cross-field salary rules
 * (min <= max, a salary needs a currency: POL-J-003), an admin changing their own account (user-admin), a cursor that is a
 * well-formed string but not one the server issued, and text PostgreSQL cannot store.
 */
function documentedRejection(op: Operation, problem: Json): boolean {
  const paths: string[] = (problem?.errors ?? []).map((e: Json) => `${e.in}${e.path}`);
  if (paths.length === 0) return false;
  return paths.every(
    (p) =>
      ((op.id === 'createJob' || op.id === 'updateJob') &&
        /^body(\/(salaryMin|salaryMax|currency))?$/.test(p)) ||
      (op.id === 'updateUser' && p === 'path/userId') ||
      // POL-A-003: common passwords are refused; the current password must be right.
      (op.id === 'changePassword' && /^body\/(currentPassword|newPassword)$/.test(p)) ||
      (op.id === 'register' && p === 'body/password') ||
      p === 'query/cursor',
  );
}

/**
 * Refusals that write a row on purpose: a failed sign-in is a security event (audit_log), and
 * POL-J-004 stores the first answer to an Idempotency-Key, an expected 4xx included, so a
 * retry replays it.
 */
const WRITES_WHEN_REFUSED: Record<string, string[]> = {
  login: ['audit_log'],
  refreshToken: ['audit_log'],
  applyToJob: ['idempotency_keys'],
};

/** Text the contract refuses although JSON Schema would allow it (NUL, lone surrogates). */
const unstorable = (value: unknown): boolean =>
  JSON.stringify(value ?? null).includes('\\u0000') ||
  /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i.test(JSON.stringify(value ?? null)) ||
  /(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(JSON.stringify(value ?? null));

/** A wire string read back as the schema's type, the way any server must read it. */
function fromWire(schema: Json, wire: string | string[]): unknown {
  if (Array.isArray(wire)) return wire.map((w) => fromWire(schema.items ?? {}, w));
  // form + explode: one `tags=x` on the wire is a list of one.
  if (schema.type === 'array') return [fromWire(schema.items ?? {}, wire)];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(wire) ? Number(wire) : wire;
    case 'boolean':
      return wire === 'true' ? true : wire === 'false' ? false : wire;
    default:
      return wire;
  }
}

function toWire(value: unknown): string | string[] {
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate as a client might send it: invalid UTF-8
  }
}

interface World {
  t: DomainApp;
  actors: Record<'admin' | 'owner' | 'stranger' | 'seeker' | 'seeker2', Actor>;
  ids: Record<string, string[]>;
}

async function buildWorld(db: Database): Promise<World> {
  const t = await createDomainApp(db);
  const owned = await employerWithJob(t, 'published', {
    salaryMin: 50_000,
    salaryMax: 90_000,
    currency: 'EUR',
    tags: ['fuzz'],
  });
  const draft = await t.call('POST', '/api/v1/jobs', {
    as: owned.employer,
    body: {
      companyId: owned.companyId,
      title: 'Draft',
      description: 'A draft job.',
      employmentType: 'contract',
    },
  });
  const closed = await employerWithJob(t, 'closed');
  const seeker = await t.actor('job_seeker');
  const applied = await t.call('POST', `/api/v1/jobs/${owned.jobId}/applications`, {
    as: seeker,
    body: { resumeUrl: 'https://example.com/cv.pdf' },
  });
  const actors = {
    admin: await t.actor('admin'),
    owner: owned.employer,
    stranger: closed.employer,
    seeker,
    seeker2: await t.actor('job_seeker'),
  };
  return {
    t,
    actors,
    ids: {
      jobId: [owned.jobId, draft.body.id, closed.jobId],
      companyId: [owned.companyId, closed.companyId],
      applicationId: [applied.body.id],
      userId: Object.values(actors).map((a) => a.id),
      deviceId: [],
    },
  };
}

/** Operations that end the caller's sessions or change an account: run by fresh actors. */
const SESSION_ENDING = new Set(['logout', 'logoutAll', 'changePassword', 'revokeDevice']);

/** One md5 per table, in one query, so a changed table can be named. */
async function checksums(db: Database, tables: string[]): Promise<Map<string, string>> {
  const union = tables
    .map((name) => `select '${name}' as tbl, t::text as r from "${name}" t`)
    .join(' union all ');
  const result = await db.execute(
    sql.raw(
      `select tbl, md5(string_agg(r, E'\\n' order by r)) as sum from (${union}) s group by tbl`,
    ),
  );
  const rows = (result as unknown as { rows: { tbl: string; sum: string }[] }).rows;
  return new Map(rows.map((row) => [row.tbl, row.sum]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const doc = loadSpec();
  const judge = judgeOf(doc);
  const operations = listOperations(doc);
  const rng = createRng(options.seed);
  const world = await buildWorld(options.db);
  const { t } = world;
  const tableRows = await options.db.execute(
    sql.raw(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const tables = (tableRows as unknown as { rows: { table_name: string }[] }).rows.map(
    (r) => r.table_name,
  );
  let lastSums = await checksums(options.db, tables);
  const report: FuzzReport = {
    sent: 0,
    perOperation: {},
    findings: [],
    unsendable: 0,
    elapsedMs: 0,
  };
  const find = (f: Finding) => {
    if (report.findings.length < 200) report.findings.push(f);
  };

  for (let i = 0; i < options.requests && Date.now() - started < options.timeMs; i += 1) {
    const op = operations[i % operations.length]!;
    const request = await buildRequest(doc, op, rng, world);
    // Actors minted for this request are rows of ours, not the request's doing.
    if (request.minted) lastSums = await checksums(options.db, tables);
    let res: Response;
    try {
      res = await t.app.request(request.url, request.init);
    } catch {
      report.unsendable += 1;
      continue;
    }
    report.sent += 1;
    const text = await res.text();
    const counts = (report.perOperation[op.id] ??= {});
    const cls = `${String(res.status)[0]}xx`;
    counts[cls] = (counts[cls] ?? 0) + 1;
    const label = `${request.variant} as ${request.as}: ${request.init.method} ${request.url.slice(0, 160)}`;
    const base = { operation: op.id, request: label, status: res.status };

    if (res.status >= 500) find({ ...base, oracle: 'server-error', detail: text.slice(0, 300) });
    const key = op.responses.has(String(res.status)) ? String(res.status) : 'default';
    const declared = op.responses.get(key);
    if (!op.responses.has(key))
      find({ ...base, oracle: 'undeclared-status', detail: text.slice(0, 200) });
    let body: Json;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (declared) {
      const type = res.headers.get('content-type') ?? '';
      const problem = !type.startsWith(declared.mediaType)
        ? `content-type ${type}, declared ${declared.mediaType}`
        : judge.check(declared.schema, body, 'response');
      if (problem)
        find({
          ...base,
          oracle: 'response-violation',
          detail: `${problem} in ${text.slice(0, 200)}`,
        });
    }
    if (request.init.method !== 'GET') {
      const sums = await checksums(options.db, tables);
      const changed = changedTables(lastSums, sums);
      const allowed = WRITES_WHEN_REFUSED[op.id] ?? [];
      const unexpected = changed.filter((name) => !allowed.includes(name));
      if (res.status >= 400 && res.status < 500 && unexpected.length > 0)
        find({
          ...base,
          oracle: 'rejected-but-changed',
          detail: `changed: ${unexpected.join(', ')}`,
        });
      lastSums = sums;
    }
    if (request.valid === true && res.status === 400 && !documentedRejection(op, body))
      find({ ...base, oracle: 'valid-rejected', detail: text.slice(0, 300) });
    if (request.valid === false && res.status >= 200 && res.status < 300)
      find({ ...base, oracle: 'invalid-accepted', detail: request.why });
  }
  report.elapsedMs = Date.now() - started;
  return report;
}

interface BuiltRequest {
  url: string;
  init: RequestInit & { method: string; headers: Record<string, string> };
  as: string;
  variant: string;
  /** Ajv's verdict on the request as sent; undefined when no verdict can be given. */
  valid: boolean | undefined;
  why: string;
  minted: boolean;
}

async function buildRequest(
  doc: Json,
  op: Operation,
  rng: Rng,
  world: World,
): Promise<BuiltRequest> {
  const { t, actors } = world;
  // The caller: every role, a forged token, or nobody.
  const who = rng.pick([
    'none',
    'forged',
    'admin',
    'owner',
    'stranger',
    'seeker',
    'seeker',
    'owner',
  ]);
  let actor: Actor | undefined;
  let minted = false;
  if (who !== 'none' && who !== 'forged') {
    minted = SESSION_ENDING.has(op.id);
    actor = SESSION_ENDING.has(op.id)
      ? await t.actor(actors[who as keyof World['actors']].role)
      : actors[who as keyof World['actors']];
  }
  const headers: Record<string, string> = {};
  if (who === 'forged') headers.authorization = `Bearer ${actors.owner.token.slice(0, -4)}AAAA`;
  else if (actor) headers.authorization = `Bearer ${actor.token}`;

  // Valid parts first, then (most of the time) one mutation in one part.
  const values = new Map<string, unknown>();
  for (const p of op.parameters) {
    if (!p.required && rng.chance(0.5)) continue;
    let value = sample(doc, p.schema, rng);
    const pool = world.ids[p.name];
    if (pool && rng.chance(0.8)) {
      if (p.name === 'userId' && op.id === 'updateUser' && rng.chance(0.7)) {
        minted = true;
        value = (await t.actor(rng.pick(['employer', 'job_seeker']))).id;
      } else if (pool.length > 0) value = rng.pick(pool);
    }
    if (p.name === 'userId' && value === undefined) value = uuid(rng);
    values.set(`${p.in}:${p.name}`, value);
  }
  let body: unknown = op.body ? sample(doc, op.body.schema, rng) : undefined;
  if (body && typeof body === 'object' && 'salaryMin' in body && 'salaryMax' in body) {
    const b = body as { salaryMin: number | null; salaryMax: number | null };
    if (b.salaryMin !== null && b.salaryMax !== null && b.salaryMin > b.salaryMax)
      [b.salaryMin, b.salaryMax] = [b.salaryMax, b.salaryMin];
  }
  // POL-J-003's cross-field rule, which no schema states: a salary needs a currency.
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if ((typeof b.salaryMin === 'number' || typeof b.salaryMax === 'number') && !b.currency)
      b.currency = 'EUR';
  }
  let variant = 'valid';
  if (rng.chance(0.65)) {
    const mutation: Mutation = rng.pick(MUTATIONS);
    const targets = [
      ...(op.body && body !== undefined ? ['body'] : []),
      ...op.parameters
        .filter((p) => values.has(`${p.in}:${p.name}`))
        .map((p) => `${p.in}:${p.name}`),
    ];
    if (targets.length > 0) {
      const target = rng.pick(targets);
      const schema =
        target === 'body'
          ? op.body!.schema
          : op.parameters.find((p) => `${p.in}:${p.name}` === target)!.schema;
      const current = target === 'body' ? body : values.get(target);
      const mutated = mutate(doc, schema, current, mutation, rng);
      if (mutated) {
        variant = `${mutation}@${target}`;
        if (target === 'body') body = mutated.value;
        else values.set(target, mutated.value);
      }
    }
  }

  // Wire form, and Ajv's verdict on exactly what goes on the wire.
  let path = op.path;
  const query: string[] = [];
  const errors: string[] = [];
  let decidable = true;
  for (const p of op.parameters) {
    const key = `${p.in}:${p.name}`;
    if (!values.has(key)) {
      if (p.required) errors.push(`${key} missing`);
      continue;
    }
    const wire = toWire(values.get(key));
    // An empty list puts nothing on the wire: the parameter is simply absent.
    if (Array.isArray(wire) && wire.length === 0) {
      if (p.required) errors.push(`${key} missing`);
      continue;
    }
    const problem = judgeOf(doc).check(p.schema, fromWire(p.schema, wire), 'request');
    if (problem) errors.push(`${key}: ${problem}`);
    if (unstorable(wire)) decidable = false;
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encode(String(wire)));
    else if (p.in === 'query')
      for (const w of [wire].flat()) query.push(`${encodeURIComponent(p.name)}=${encode(w)}`);
    else if (p.in === 'header') headers[p.name] = String(wire);
  }
  const init: BuiltRequest['init'] = { method: op.method, headers };
  if (op.body && body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
    const problem = judgeOf(doc).check(op.body.schema, body, 'request');
    if (problem) errors.push(`body: ${problem}`);
    if (unstorable(body)) decidable = false;
  } else if (op.body?.required) errors.push('body missing');
  return {
    url: `${path}${query.length ? `?${query.join('&')}` : ''}`,
    init,
    as: who,
    variant,
    valid: decidable ? errors.length === 0 : undefined,
    why: errors.join('; '),
    minted,
  };
}

const judges = new WeakMap<object, ReturnType<typeof createJudge>>();
function judgeOf(doc: Json) {
  let found = judges.get(doc);
  if (!found) judges.set(doc, (found = createJudge(doc)));
  return found;
}
