/**
 * Admin governance end to end: list users with filters and keyset pages, change role and
 * status (audited; suspension sets the durable token cut-off and calls onUserAccessChanged),
 * read the audit log. Only admins get in: the RBAC matrix comes from the seed rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import type { UserAccessChangedEvent } from '../../../app/deps.js';
import { auditLog, users } from '../../../generated/db/schema.js';
import { createDomainApp, type Actor, type CallResult, type DomainApp } from './harness.js';

let tdb: TestDatabase;
let t: DomainApp;
let admin: Actor;
let employer: Actor;
let seeker: Actor;
const changes: UserAccessChangedEvent[] = [];
let hookFails = false;

beforeAll(async () => {
  tdb = await createTestDatabase();
  t = await createDomainApp(tdb.db, {
    extraDeps: {
      onUserAccessChanged: async (event) => {
        changes.push(event);
        if (hookFails) throw new Error('denylist down');
      },
    },
  });
  admin = await t.actor('admin');
  employer = await t.actor('employer');
  seeker = await t.actor('job_seeker', {
    displayName: 'Ada Lovelace',
    email: 'ada.lovelace@example.com',
  });
});
afterAll(async () => tdb?.close());

describe('RBAC on admin operations (from role_permissions)', () => {
  it.each([
    ['GET', '/api/v1/admin/users', undefined],
    ['GET', '/api/v1/admin/audit-log', undefined],
    ['PATCH', '/api/v1/admin/users/:id', { status: 'suspended' }],
  ] as const)('%s %s: employer and seeker 403, admin allowed', async (method, path, body) => {
    const url = path.replace(':id', seeker.id);
    for (const who of [employer, seeker])
      expect((await t.call(method, url, { as: who, body })).status).toBe(403);
    expect((await t.call(method, url, { body })).status).toBe(401);
  });
});

describe('listUsers', () => {
  it('filters by q (email or display name, case-insensitive), role and status', async () => {
    const byName = await t.call('GET', '/api/v1/admin/users?q=lovelace', { as: admin });
    expect(byName.status).toBe(200);
    expect(byName.body.items).toEqual([
      {
        id: seeker.id,
        email: 'ada.lovelace@example.com',
        displayName: 'Ada Lovelace',
        role: 'job_seeker',
        status: 'active',
        createdAt: expect.any(String),
      },
    ]);
    const byRole = await t.call('GET', '/api/v1/admin/users?role=employer&limit=100', {
      as: admin,
    });
    expect(byRole.body.items.length).toBeGreaterThan(0);
    expect(byRole.body.items.every((u: { role: string }) => u.role === 'employer')).toBe(true);
    const wildcard = await t.call('GET', '/api/v1/admin/users?q=%25', { as: admin });
    expect(wildcard.body.items).toEqual([]);
    // Only the email contains "@": a match in any casing, padded, proves the email half.
    const byEmail = await t.call('GET', '/api/v1/admin/users?q=%20Lovelace%40Example.COM', {
      as: admin,
    });
    expect(byEmail.body.items.map((u: { id: string }) => u.id)).toEqual([seeker.id]);
    // Blank text normalises to no email fragment: it must not match every email.
    const blank = await t.call('GET', '/api/v1/admin/users?q=%20%20', { as: admin });
    expect(blank.status).toBe(200);
    expect(blank.body.items).toEqual([]);
  });

  it('pages newest first with ties on created_at broken by id', async () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const made: Actor[] = [];
    for (let i = 0; i < 5; i++)
      made.push(
        await t.actor('employer', {
          createdAt: new Date(at.getTime() + (i % 2) * 1000),
          displayName: `Pager ${i}`,
        }),
      );
    const rows = await tdb.db.select({ id: users.id, createdAt: users.createdAt }).from(users);
    const expected = rows
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: CallResult = await t.call(
        'GET',
        `/api/v1/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: admin },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(seen.slice(0, 5).sort()).toEqual(made.map((m) => m.id).sort());
  });
});

describe('updateUser', () => {
  it('suspends: status, tokens_valid_after, audit row with previous status, hook called', async () => {
    const target = await t.actor('job_seeker');
    const res = await t.call('PATCH', `/api/v1/admin/users/${target.id}`, {
      as: admin,
      body: { status: 'suspended' },
      headers: { 'user-agent': 'admin-console/1.0' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: target.id, status: 'suspended', role: 'job_seeker' });
    const [row] = await tdb.db.select().from(users).where(eq(users.id, target.id));
    expect(row!.tokensValidAfter).toBeInstanceOf(Date);
    const audit = await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, target.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'user.suspended',
        actorId: admin.id,
        targetType: 'user',
        userAgent: 'admin-console/1.0',
        details: { previousStatus: 'active' },
      }),
    ]);
    expect(changes.at(-1)).toEqual({
      userId: target.id,
      actorId: admin.id,
      at: row!.tokensValidAfter,
      change: 'suspended',
    });
  });

  it('changes role and reactivates, one audit row per change; a no-op change writes none', async () => {
    const target = await t.actor('job_seeker');
    await t.call('PATCH', `/api/v1/admin/users/${target.id}`, {
      as: admin,
      body: { status: 'suspended' },
    });
    const before = changes.length;
    const res = await t.call('PATCH', `/api/v1/admin/users/${target.id}`, {
      as: admin,
      body: { role: 'employer', status: 'active' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'employer', status: 'active' });
    // One role change (its tokens must be expired); reactivation needs no hook.
    expect(changes.slice(before)).toEqual([
      expect.objectContaining({ userId: target.id, change: 'role_changed' }),
    ]);
    const same = await t.call('PATCH', `/api/v1/admin/users/${target.id}`, {
      as: admin,
      body: { role: 'employer' },
    });
    expect(same.status).toBe(200);
    expect(changes.length).toBe(before + 1);
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, target.id)))
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(['user.reactivated', 'user.role_changed', 'user.suspended']);
  });

  it('keeps the suspension when the onUserAccessChanged hook fails', async () => {
    const target = await t.actor('job_seeker');
    hookFails = true;
    try {
      const res = await t.call('PATCH', `/api/v1/admin/users/${target.id}`, {
        as: admin,
        body: { status: 'suspended' },
      });
      expect(res.status).toBe(200);
    } finally {
      hookFails = false;
    }
    const [row] = await tdb.db
      .select({ status: users.status })
      .from(users)
      .where(eq(users.id, target.id));
    expect(row!.status).toBe('suspended');
  });

  it.each([
    ['an unknown user', () => crypto.randomUUID(), { status: 'suspended' }, 404],
    ['the admin themselves', () => admin.id, { role: 'job_seeker' }, 400],
    ['an unknown role', () => seeker.id, { role: 'superuser' }, 400],
    ['an empty patch', () => seeker.id, {}, 400],
    ['a read-only field', () => seeker.id, { email: 'x@example.com' }, 400],
  ])('refuses %s (%i)', async (_n, id, body, status) => {
    const res = await t.call('PATCH', `/api/v1/admin/users/${id()}`, { as: admin, body });
    expect(res.status).toBe(status);
  });
});

describe('listAuditEvents', () => {
  it('filters by actor, action and target type, newest (highest id) first, across pages', async () => {
    const targets = [
      await t.actor('job_seeker'),
      await t.actor('job_seeker'),
      await t.actor('job_seeker'),
    ];
    for (const target of targets)
      await t.call('PATCH', `/api/v1/admin/users/${target.id}`, {
        as: admin,
        body: { status: 'suspended' },
      });
    const all = await tdb.db.select().from(auditLog).where(eq(auditLog.action, 'user.suspended'));
    const expected = all.map((a) => a.id).sort((a, b) => b - a);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: CallResult = await t.call(
        'GET',
        `/api/v1/admin/audit-log?action=user.suspended&targetType=user&actorId=${admin.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: admin },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { id: number }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const none = await t.call('GET', `/api/v1/admin/audit-log?actorId=${seeker.id}`, { as: admin });
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('rejects a foreign cursor with a 400', async () => {
    const users = await t.call('GET', '/api/v1/admin/users?limit=1', { as: admin });
    const res = await t.call('GET', `/api/v1/admin/audit-log?cursor=${users.body.nextCursor}`, {
      as: admin,
    });
    expect(res.status).toBe(400);
  });
});
