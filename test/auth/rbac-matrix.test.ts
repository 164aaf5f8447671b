/**
 * RBAC matrix (issue 5 acceptance): every role in the seed × every operation in the
 * spec gets exactly what the spec's x-permission and the seed's role_permissions say:
 * denied → 403 problem+json; allowed → anything but 401/403 (the handler or validation
 * decides what happens next). Public operations never ask for credentials. The same
 * matrix runs through /graphql at the end.
 */
import { eq } from 'drizzle-orm';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationTable } from '../../generated/openapi/routes.js';
import { roles, users } from '../../generated/db/schema.js';
import { permissionLoader } from '../../app/auth/db-sources.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createAuthApp, PASSWORD } from './harness.js';
import { graphqlContract, typeDefs } from '../../generated/graphql/resolvers.js';
import { fieldQuery, gql, sampleArgs } from '../graphql/client.js';

let db: TestDatabase;
let h: Awaited<ReturnType<typeof createAuthApp>>;
let matrix: Record<string, readonly string[]>;
let roleCodes: string[];

const roomy = { limit: 100_000, windowMs: 60_000 };
const concretePath = (template: string) =>
  template.replace(/\{[^}]+\}/g, '0b7e9e1c-3d2f-4a5b-8c6d-7e8f9a0b1c2d');

beforeAll(async () => {
  db = await createTestDatabase();
  h = await createAuthApp(db.db, {
    env: {
      RATE_LIMITS: JSON.stringify({
        globalPerIp: roomy,
        login: { perIp: roomy, perAccount: roomy },
      }),
    },
  });
  matrix = await permissionLoader(db.db)();
  roleCodes = (await db.db.select({ code: roles.code }).from(roles)).map((r) => r.code).sort();
  for (const role of roleCodes) {
    await h.register(`${role}@example.com`);
    // Registration cannot choose admin (POL-R-001); the seed role is set the way an admin would.
    await db.db
      .update(users)
      .set({ roleCode: role })
      .where(eq(users.email, `${role}@example.com`));
  }
});
afterAll(async () => {
  await h?.auth.close();
  await db?.close();
});

const secured = operationTable.filter((op) => op.security === 'secured');
const publicOps = operationTable.filter((op) => op.security !== 'secured');

describe('RBAC matrix from the spec and the seed', () => {
  it('covers every role and every secured operation', () => {
    expect(roleCodes).toEqual(['admin', 'employer', 'job_seeker']);
    expect(secured.length).toBeGreaterThan(15);
    const cells = secured.flatMap((op) =>
      roleCodes.map((role) => op.permissions.some((p) => matrix[role]?.includes(p))),
    );
    // Both outcomes occur, so the per-operation rows below test real denials and grants.
    expect(cells.filter(Boolean).length).toBeGreaterThan(10);
    expect(cells.filter((c) => !c).length).toBeGreaterThan(10);
  });

  it.each(secured.map((op) => [op.operationId, op] as const))(
    '%s: each role gets exactly the declared decision',
    async (_id, op) => {
      const decisions: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const role of roleCodes) {
        const { accessToken } = await h.login(`${role}@example.com`, PASSWORD);
        const hasBody = op.requestBody !== null;
        const res = await h.call(op.method.toUpperCase(), concretePath(op.path), {
          token: accessToken,
          ...(hasBody ? { body: {} } : {}),
        });
        expect(res.status, `${role} ${op.operationId}: ${await res.clone().text()}`).not.toBe(401);
        if (res.status === 403)
          expect(res.headers.get('content-type')).toBe('application/problem+json');
        decisions[role] = res.status === 403 ? 'deny' : 'allow';
        expected[role] = op.permissions.some((p) => matrix[role]?.includes(p)) ? 'allow' : 'deny';
      }
      expect(decisions).toEqual(expected);
    },
  );

  it.each(publicOps.map((op) => [op.operationId, op] as const))(
    '%s is public: no credentials needed',
    async (_id, op) => {
      const res = await h.call(
        op.method.toUpperCase(),
        concretePath(op.path),
        op.requestBody ? { body: {} } : {},
      );
      expect([401, 403]).not.toContain(res.status);
    },
  );
});

// The same matrix through /graphql: every exposed operation, every role. A field runs its
// REST operation's pipeline, so the decision must be the spec's, with the REST 403 as a
// FORBIDDEN error. Arguments are samples GraphQL accepts (zod may refuse them after authz).
const gqlSchema = buildSchema(typeDefs);
const exposed = (['Query', 'Mutation'] as const).flatMap((root) =>
  Object.entries(graphqlContract.operations[root]).map(([field, spec]) => ({
    root,
    field,
    op: operationTable.find((o) => o.operationId === spec.operationId)!,
  })),
);

describe('RBAC matrix through GraphQL', () => {
  it('exposes every operation of the spec', () => {
    expect(exposed.map((e) => e.op.operationId).sort()).toEqual(
      operationTable.map((op) => op.operationId).sort(),
    );
  });

  const call = (e: (typeof exposed)[number], token?: string) => {
    const type = e.root === 'Query' ? gqlSchema.getQueryType()! : gqlSchema.getMutationType()!;
    const field = type.getFields()[e.field]!;
    const args = sampleArgs(field);
    return gql(h.app, fieldQuery(gqlSchema, e.root, e.field, Object.keys(args)), args, {
      token,
      ip: `198.19.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
    });
  };

  it.each(exposed.filter((e) => e.op.security === 'secured').map((e) => [e.field, e] as const))(
    '%s: each role gets exactly the declared decision',
    async (_field, e) => {
      const decisions: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const role of roleCodes) {
        // A fresh login per call: sampled calls include logout, which revokes the token.
        const { accessToken } = await h.login(`${role}@example.com`, PASSWORD);
        const res = await call(e, accessToken);
        expect(res.status, `${role} ${e.field}: ${JSON.stringify(res.body)}`).toBe(200);
        const code = res.body.errors?.[0]?.extensions?.code;
        expect(code, `${role} ${e.field}`).not.toBe('UNAUTHENTICATED');
        decisions[role] = code === 'FORBIDDEN' ? 'deny' : 'allow';
        expected[role] = e.op.permissions.some((p) => matrix[role]?.includes(p)) ? 'allow' : 'deny';
      }
      expect(decisions).toEqual(expected);
      // And without a token: the REST 401, as an UNAUTHENTICATED error.
      const anonymous = await call(e);
      expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        status: 401,
      });
    },
  );

  it.each(exposed.filter((e) => e.op.security !== 'secured').map((e) => [e.field, e] as const))(
    '%s is public: no credentials needed',
    async (_field, e) => {
      const res = await call(e);
      expect(res.status).toBe(200);
      const error = res.body.errors?.[0];
      expect(error?.extensions?.code).not.toBe('FORBIDDEN');
      // login/refresh may refuse the sampled credentials (401), but never ask for a token.
      expect(error?.message ?? '').not.toMatch(/bearer token/i);
    },
  );
});
