// The HTTP contract's promises to the rest of the project: exact operations and permissions,
// explicit public operations, problem+json errors, bounded inputs, pagination, examples.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundle, createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const SPEC_PATH = join(root, 'openapi/api-spec.yaml');
const SPEC_TEXT = readFileSync(SPEC_PATH, 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed YAML document, walked structurally
type Node = any;
const spec: Node = parse(SPEC_TEXT);

const PUBLIC = 'public' as const;
type Row = [
  operationId: string,
  method: string,
  path: string,
  permission: typeof PUBLIC | string | string[],
];

/** The operations other parts of the project are built against: never rename or drop one. */
const OPERATIONS: Row[] = [
  ['getHealth', 'get', '/api/v1/health', PUBLIC],
  ['getReadiness', 'get', '/api/v1/ready', PUBLIC],
  ['getJwks', 'get', '/.well-known/jwks.json', PUBLIC],
  ['register', 'post', '/api/v1/auth/register', PUBLIC],
  ['login', 'post', '/api/v1/auth/login', PUBLIC],
  ['refreshToken', 'post', '/api/v1/auth/refresh', PUBLIC],
  ['listJobs', 'get', '/api/v1/jobs', PUBLIC],
  ['getJob', 'get', '/api/v1/jobs/{jobId}', PUBLIC],
  ['getCompany', 'get', '/api/v1/companies/{companyId}', PUBLIC],
  ['logout', 'post', '/api/v1/auth/logout', 'auth:self'],
  ['logoutAll', 'post', '/api/v1/auth/logout-all', 'auth:self'],
  ['getMe', 'get', '/api/v1/auth/me', 'auth:self'],
  ['changePassword', 'post', '/api/v1/auth/password', 'auth:self'],
  ['listDevices', 'get', '/api/v1/auth/devices', 'auth:self'],
  ['revokeDevice', 'delete', '/api/v1/auth/devices/{deviceId}', 'auth:self'],
  ['createCompany', 'post', '/api/v1/companies', 'companies:create'],
  ['updateCompany', 'patch', '/api/v1/companies/{companyId}', 'companies:update'],
  ['createJob', 'post', '/api/v1/jobs', 'jobs:create'],
  ['updateJob', 'patch', '/api/v1/jobs/{jobId}', 'jobs:update'],
  ['publishJob', 'post', '/api/v1/jobs/{jobId}/publish', 'jobs:publish'],
  ['closeJob', 'post', '/api/v1/jobs/{jobId}/close', 'jobs:close'],
  ['applyToJob', 'post', '/api/v1/jobs/{jobId}/applications', 'applications:create'],
  ['listJobApplications', 'get', '/api/v1/jobs/{jobId}/applications', 'applications:review'],
  ['listMyApplications', 'get', '/api/v1/me/applications', 'applications:read_own'],
  [
    'getApplication',
    'get',
    '/api/v1/applications/{applicationId}',
    ['applications:read_own', 'applications:review'],
  ],
  [
    'updateApplicationStatus',
    'patch',
    '/api/v1/applications/{applicationId}/status',
    'applications:review',
  ],
  [
    'withdrawApplication',
    'post',
    '/api/v1/applications/{applicationId}/withdraw',
    'applications:withdraw',
  ],
  ['listUsers', 'get', '/api/v1/admin/users', 'users:read'],
  ['updateUser', 'patch', '/api/v1/admin/users/{userId}', 'users:update'],
  ['listAuditEvents', 'get', '/api/v1/admin/audit-log', 'audit:read'],
  ['getMyProfile', 'get', '/api/v1/me/profile', 'profiles:manage_own'],
  ['putMyProfile', 'put', '/api/v1/me/profile', 'profiles:manage_own'],
  ['listMyRecommendations', 'get', '/api/v1/me/recommendations', 'recommendations:read_own'],
  ['listJobCandidates', 'get', '/api/v1/jobs/{jobId}/candidates', 'candidates:read'],
];

const LISTS = [
  'listJobs',
  'listJobApplications',
  'listMyApplications',
  'listUsers',
  'listAuditEvents',
  'listMyRecommendations',
  'listJobCandidates',
];
const TAGS = ['health', 'auth', 'companies', 'jobs', 'applications', 'admin', 'match'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows local `$ref`s (`#/components/...`) until a non-reference node. */
function deref(node: Node): Node {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce(
      (at: Node, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      spec,
    );
    if (current === undefined) throw new Error(`unresolved ${node.$ref}`);
  }
  return current;
}

const allOperations = Object.entries(spec.paths).flatMap(([path, item]: [string, Node]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
);
const byId = new Map(allOperations.map((entry) => [entry.op.operationId as string, entry]));
const operation = (id: string) => {
  const found = byId.get(id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
};
const responses = (id: string): [string, Node][] =>
  Object.entries(operation(id).responses).map(([status, r]) => [status, deref(r)]);

describe('document', () => {
  it('is OpenAPI 3.0.3 with a semver version', () => {
    expect(spec.openapi).toBe('3.0.3');
    expect(spec.info.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('authenticates with a JWT bearer scheme by default', () => {
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
  });

  it('declares exactly the expected tags', () => {
    expect(spec.tags.map((t: Node) => t.name).sort()).toEqual([...TAGS].sort());
  });

  it('has exactly the operations of the table', () => {
    expect(allOperations.map((e) => e.op.operationId).sort()).toEqual(
      OPERATIONS.map(([id]) => id).sort(),
    );
  });

  it('is valid for Redocly (no errors; only the probes lack a 4XX response)', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lint({ ref: SPEC_PATH, config });
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual([]);
    const warnings = problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(warnings.sort()).toEqual(
      [
        'operation-4xx-response #/paths/~1.well-known~1jwks.json/get/responses',
        'operation-4xx-response #/paths/~1api~1v1~1health/get/responses',
        'operation-4xx-response #/paths/~1api~1v1~1ready/get/responses',
      ].sort(),
    );
    const bundled = await bundle({ ref: SPEC_PATH, config });
    expect(bundled.problems).toEqual([]);
  });
});

describe.each(OPERATIONS)('%s', (operationId, method, path, permission) => {
  it(`is ${method.toUpperCase()} ${path}`, () => {
    expect(byId.get(operationId)).toMatchObject({ method, path });
  });

  it(permission === PUBLIC ? 'is explicitly public' : `needs ${String(permission)}`, () => {
    const op = operation(operationId);
    if (permission === PUBLIC) {
      // Public means `[]`; getJob alone is public with optional authentication (below).
      expect(op.security).toEqual(operationId === 'getJob' ? [{}, { bearerAuth: [] }] : []);
      expect(op).not.toHaveProperty('x-permission');
    } else {
      expect(op['x-permission']).toEqual(permission);
      expect(op.security ?? spec.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('answers every 4xx/5xx with problem+json only', () => {
    const errors = responses(operationId).filter(([status]) => /^[45]|^default$/.test(status));
    expect(errors.length).toBeGreaterThan(0);
    for (const [status, response] of errors) {
      expect(Object.keys(response.content ?? {}), status).toEqual(['application/problem+json']);
      const schema = deref(response.content['application/problem+json'].schema);
      expect(schema.required, status).toEqual(expect.arrayContaining(['type', 'title', 'status']));
    }
  });

  it('has a first tag naming its handler file, and examples for request and success', () => {
    const op = operation(operationId);
    expect(TAGS).toContain(op.tags[0]);
    const body = op.requestBody && deref(op.requestBody);
    if (body) expect(body.content['application/json'].example).toBeDefined();
    const successes = responses(operationId).filter(([status]) => /^2/.test(status));
    expect(successes.length).toBeGreaterThan(0);
    for (const [status, response] of successes) {
      for (const media of Object.values(response.content ?? {}) as Node[]) {
        expect(media.example, status).toBeDefined();
      }
    }
  });
});

describe('inputs are bounded', () => {
  /** Every schema node reachable from `node`, following `$ref`s once each. */
  function* schemas(node: Node, where: string, seen = new Set<Node>()): Generator<[Node, string]> {
    const schema = deref(node);
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    yield [schema, where];
    for (const [key, child] of Object.entries(schema.properties ?? {}))
      yield* schemas(child, `${where}.${key}`, seen);
    if (schema.items) yield* schemas(schema.items, `${where}[]`, seen);
    if (typeof schema.additionalProperties === 'object')
      yield* schemas(schema.additionalProperties, `${where}{}`, seen);
    for (const k of ['allOf', 'oneOf', 'anyOf'])
      for (const [i, child] of (schema[k] ?? []).entries())
        yield* schemas(child, `${where}.${k}[${i}]`, seen);
  }

  const everySchema: [Node, string][] = [
    ...Object.entries(spec.components.schemas).flatMap(([name, s]) => [...schemas(s, name)]),
    ...allOperations.flatMap(({ op }) =>
      (op.parameters ?? []).flatMap((p: Node) => [
        ...schemas(deref(p).schema, `${op.operationId}(${deref(p).name})`),
      ]),
    ),
    ...Object.entries(spec.components.headers).flatMap(([name, h]: [string, Node]) => [
      ...schemas(h.schema, name),
    ]),
  ];

  it('every string has maxLength, every number maximum, every array maxItems', () => {
    const unbounded = everySchema
      .filter(([s]) => {
        if (s.type === 'string') return s.maxLength === undefined;
        if (s.type === 'integer' || s.type === 'number') return s.maximum === undefined;
        if (s.type === 'array') return s.maxItems === undefined;
        return false;
      })
      .map(([, where]) => where);
    expect(unbounded).toEqual([]);
  });

  it('every request body object (and nested object) has additionalProperties: false', () => {
    const open = allOperations
      .filter(({ op }) => op.requestBody)
      .flatMap(({ op }) => [
        ...schemas(deref(op.requestBody).content['application/json'].schema, op.operationId),
      ])
      .filter(([s]) => s.type === 'object' && s.additionalProperties !== false)
      .map(([, where]) => where);
    expect(open).toEqual([]);
  });

  it('marks ids and timestamps of resources readOnly', () => {
    for (const name of ['Job', 'Application', 'Company', 'User', 'Device', 'AuditEvent']) {
      const props = spec.components.schemas[name].properties;
      const fields = Object.keys(props).filter((k) => k === 'id' || /At$/.test(k));
      expect(fields.length, name).toBeGreaterThan(1);
      for (const field of fields) expect(props[field].readOnly, `${name}.${field}`).toBe(true);
    }
  });

  it('uses example UUIDs that strict validators (zod z.uuid, RFC 9562) accept', () => {
    const uuids =
      SPEC_TEXT.match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi) ?? [];
    expect(uuids.length).toBeGreaterThan(10);
    expect(
      uuids.filter(
        (u) =>
          !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(u),
      ),
    ).toEqual([]);
  });
});

describe('domain promises', () => {
  it('register: 202 whatever the email, role limited to job_seeker or employer, 429', () => {
    const statuses = Object.keys(operation('register').responses);
    expect(statuses.filter((s) => s.startsWith('2'))).toEqual(['202']);
    expect(statuses).toEqual(expect.arrayContaining(['400', '429']));
    const body = spec.components.schemas.RegisterRequest;
    expect(body.required).toEqual(['email', 'password', 'displayName']);
    expect(body.properties.role.enum).toEqual(['job_seeker', 'employer']);
    expect(body.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(body.properties.email.format).toBe('email');
  });

  it.each(['login', 'refreshToken'])('%s returns a TokenPair and declares 401 and 429', (id) => {
    expect(deref(operation(id).responses['200']).content['application/json'].schema.$ref).toBe(
      '#/components/schemas/TokenPair',
    );
    expect(Object.keys(operation(id).responses)).toEqual(expect.arrayContaining(['401', '429']));
  });

  it('TokenPair has the fields clients rely on', () => {
    const pair = spec.components.schemas.TokenPair;
    expect(pair.required.sort()).toEqual([
      'accessToken',
      'deviceId',
      'expiresIn',
      'refreshToken',
      'tokenType',
    ]);
    expect(pair.properties.tokenType.enum).toEqual(['Bearer']);
  });

  it('429 carries Retry-After', () => {
    expect(
      deref(spec.components.responses.TooManyRequests.headers['Retry-After']).schema.type,
    ).toBe('integer');
  });

  it('400 is a ValidationProblem listing {in, path, message}', () => {
    const problem = deref(
      spec.components.responses.BadRequest.content['application/problem+json'].schema,
    );
    expect(problem.required).toContain('errors');
    expect(deref(problem.properties.errors.items).required).toEqual(['in', 'path', 'message']);
  });

  it('every operation with a body declares 413 (size limit) and 415 (not JSON)', () => {
    const withBody = allOperations.filter(({ op }) => op.requestBody);
    expect(withBody.length).toBe(12);
    for (const { op } of withBody) {
      expect(Object.keys(op.responses), op.operationId).toEqual(
        expect.arrayContaining(['413', '415']),
      );
    }
  });

  it('readiness can answer 503', () => {
    expect(Object.keys(operation('getReadiness').responses)).toEqual(
      expect.arrayContaining(['200', '503']),
    );
  });

  it('applyToJob takes an Idempotency-Key header', () => {
    const params = operation('applyToJob').parameters.map(deref);
    expect(params).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
  });

  it.each(LISTS)('%s is cursor-paginated and answers { items, nextCursor }', (id) => {
    const params = operation(id).parameters.map(deref);
    const limit = params.find((p: Node) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(params.find((p: Node) => p.name === 'cursor')?.in).toBe('query');
    const body = deref(deref(operation(id).responses['200']).content['application/json'].schema);
    expect(body.required).toEqual(['items', 'nextCursor']);
    expect(body.properties.nextCursor.nullable).toBe(true);
  });

  it('listJobs filters and sorts from an allow-list', () => {
    const params = operation('listJobs').parameters.map(deref);
    const names = params.map((p: Node) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'q',
        'location',
        'remote',
        'employmentType',
        'salaryMin',
        'salaryMax',
        'tags',
        'companyId',
        'sort',
      ]),
    );
    const tags = params.find((p: Node) => p.name === 'tags');
    expect(tags).toMatchObject({ style: 'form', explode: true, schema: { type: 'array' } });
    expect(params.find((p: Node) => p.name === 'sort').schema.enum).toContain('-publishedAt');
  });

  it('getJob is public with optional authentication for draft owners', () => {
    // The standard form (anonymous `{}` beside the bearer scheme), so other generators'
    // clients send a token when they have one.
    expect(operation('getJob').security).toEqual([{}, { bearerAuth: [] }]);
    expect(operation('getJob')).not.toHaveProperty('x-optional-auth');
    expect(Object.keys(operation('getJob').responses)).toContain('401');
  });

  it('enums match the domain', () => {
    const s = spec.components.schemas;
    expect(s.EmploymentType.enum).toEqual([
      'full_time',
      'part_time',
      'contract',
      'internship',
      'temporary',
    ]);
    expect(s.JobStatus.enum).toEqual(['draft', 'published', 'closed']);
    expect(s.ApplicationStatus.enum).toEqual([
      'submitted',
      'reviewing',
      'interviewing',
      'offered',
      'hired',
      'rejected',
      'withdrawn',
    ]);
    expect(s.ApplicationStatusUpdate.properties.status.enum).toEqual([
      'reviewing',
      'interviewing',
      'offered',
      'hired',
      'rejected',
    ]);
    expect(s.UserRole.enum).toEqual(['admin', 'employer', 'job_seeker']);
    expect(s.UserStatus.enum).toEqual(['active', 'suspended']);
    expect(s.Job.properties.currency.pattern).toBe('^[A-Z]{3}$');
    expect(s.Job.properties.tags).toMatchObject({ maxItems: 20, items: { maxLength: 40 } });
    expect(s.UserUpdate.minProperties).toBe(1);
  });
});
