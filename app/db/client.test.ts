/**
 * createDatabase on both drivers: PGlite in a data folder (migrated on first start, data
 * kept across restarts) and PostgreSQL with a bounded pool, where overload surfaces as
 * DatabaseBusyError (→ 503 + Retry-After) instead of a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../generated/db/schema.js';
import { createThrowawayDatabase, postgresAvailable } from '../../test/support/services.js';
import { createDatabase, type DatabaseHandle } from './client.js';
import { databaseBusy, DatabaseBusyError } from './errors.js';

const hasPg = await postgresAvailable();

describe('createDatabase on PGlite (DATA_DIR)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jb-client-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the schema on first start, keeps data across restarts, migrates once', async () => {
    const first = await createDatabase({ dataDir: dir });
    expect(first.kind).toBe('pglite');
    expect(first.migration!.applied).toEqual([
      '0001_baseline.sql',
      '0002_token_generation.sql',
      '0003_match_profiles.sql',
    ]);
    expect(await first.ping()).toBe(true);
    await first.db.insert(s.companies).values({ name: 'Kept' });
    await first.close();

    const second = await createDatabase({ dataDir: dir });
    expect(second.migration!.applied).toEqual([]);
    expect((await second.db.select().from(s.companies)).map((c) => c.name)).toEqual(['Kept']);
    expect((await second.db.select().from(s.roles)).length).toBe(3);
    await second.close();
    await second.close(); // idempotent
    expect(await second.ping()).toBe(false);
  });
});

describe('databaseBusy', () => {
  it.each([
    [new Error('timeout exceeded when trying to connect'), 'pool_exhausted'],
    [
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      'statement_timeout',
    ],
    [Object.assign(new Error('too many clients'), { code: '53300' }), 'too_many_connections'],
    [
      new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '57014' }) }),
      'statement_timeout',
    ],
  ])('classifies %s', (err, reason) => {
    expect(databaseBusy(err)?.reason).toBe(reason);
  });

  it('leaves other errors alone', () => {
    expect(databaseBusy(Object.assign(new Error('dup'), { code: '23505' }))).toBeUndefined();
    expect(databaseBusy('nope')).toBeUndefined();
  });
});

describe.skipIf(!hasPg)(
  'createDatabase on PostgreSQL: overload is a typed error, not a hang',
  () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const tmp = await createThrowawayDatabase('jb_client');
      drop = tmp.drop;
      handle = await createDatabase({
        databaseUrl: tmp.url,
        migrate: true,
        pool: { max: 2, connectionTimeoutMs: 300, statementTimeoutMs: 400 },
      });
    });
    afterAll(async () => {
      await handle?.close();
      await drop?.();
    });

    it('a full pool → DatabaseBusyError(pool_exhausted) within the connect timeout', async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const busyTx = () =>
        handle.db.transaction(async (tx) => {
          await tx.select().from(s.roles).limit(1);
          await held;
        });
      const holders = [busyTx(), busyTx()];
      await new Promise((r) => setTimeout(r, 100)); // both connections checked out
      const started = Date.now();
      const err = await handle.db
        .select()
        .from(s.roles)
        .catch((e: unknown) => e);
      const waited = Date.now() - started;
      release();
      await Promise.all(holders);
      const busy = databaseBusy(err);
      expect(busy).toBeInstanceOf(DatabaseBusyError);
      expect(busy!.reason).toBe('pool_exhausted');
      expect(busy!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(waited).toBeLessThan(2000);
      expect(await handle.ping()).toBe(true); // and it recovers
    });

    it('a statement stuck behind a lock → DatabaseBusyError(statement_timeout)', async () => {
      await handle.db.insert(s.companies).values({ name: 'Locked' });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = handle.db.transaction(async (tx) => {
        await tx.select().from(s.companies).where(eq(s.companies.name, 'Locked')).for('update');
        locked();
        await held;
      });
      await isLocked;
      const err = await handle.db
        .update(s.companies)
        .set({ description: 'blocked' })
        .where(eq(s.companies.name, 'Locked'))
        .catch((e: unknown) => e);
      release();
      await holder;
      expect(databaseBusy(err)?.reason).toBe('statement_timeout');
    });
  },
);
