import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../generated/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { auditMeta, writeAudit } from './write.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('writeAudit', () => {
  it("stores the caller's instant, the request's IP and user agent, and the entry", async () => {
    const at = new Date('2020-01-02T03:04:05.678Z');
    await writeAudit(
      t.db,
      { action: 'auth.login_failed', actorId: null, targetType: 'device', targetId: 'd-1' },
      auditMeta({ clientIp: '203.0.113.7', userAgent: 'curl/8' }),
      at,
    );
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, 'd-1'));
    expect(row).toMatchObject({
      occurredAt: at,
      action: 'auth.login_failed',
      actorId: null,
      targetType: 'device',
      ip: '203.0.113.7',
      userAgent: 'curl/8',
      details: {},
    });
  });

  it('drops an IP that is not an address and cuts a long user agent to the column bound', async () => {
    await writeAudit(
      t.db,
      { action: 'user.suspended', actorId: null, targetType: 'user', targetId: 'u-2' },
      { ip: '203.0.113.7, evil', userAgent: 'x'.repeat(600) },
      new Date(),
    );
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, 'u-2'));
    expect(row!.ip).toBeNull();
    expect(row!.userAgent).toHaveLength(512);
  });
});
