/**
 * RBAC matrix (issue 5 acceptance): every role in the seed × every operation in the
 * spec gets exactly what the spec's x-permission and the seed's role_permissions say:
 * denied → 403 problem+json; allowed → anything but 401/403 (the handler or validation
 * decides what happens next). Public operations never ask for credentials.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationTable } from '../../generated/openapi/routes.js';
import { roles, users } from '../../generated/db/schema.js';
import { permissionLoader } from '../../app/auth/db-sources.js';
import { createTestDatabase, type TestDatabase } from '../../app/db/testing.js';
import { createAuthApp, PASSWORD } from './harness.js';

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
