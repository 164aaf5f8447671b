/**
 * Start-up against a database that is not there, not ours, or not ready: each failure is
 * one line saying what is wrong and what to do. The four cases run against the real
 * PostgreSQL (a closed port, a missing database, a role that does not exist, an
 * unmigrated throwaway database); with trust authentication a wrong password is never
 * checked, so the role case is what "authentication failed" really looks like here.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, PG_URL, postgresAvailable } from '../../test/support/services.js';
import { createDatabase } from './client.js';
import { MigrationError } from '../../runtime/migration-files.js';
import { SchemaNotMigratedError } from './migrate.js';
import { classifyStartupError, explainStartupError } from './startup-errors.js';

const hasPg = await postgresAvailable();

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function withPath(pathname: string, user?: string): string {
  const u = new URL(PG_URL);
  u.pathname = pathname;
  if (user) {
    u.username = user;
    u.password = 'not-the-password';
  }
  return u.toString();
}

async function startupError(url: string): Promise<unknown> {
  return createDatabase({ databaseUrl: url, requireMigrated: true }).then(
    async (h) => {
      await h.close();
      throw new Error('expected the database to be refused');
    },
    (e: unknown) => e,
  );
}

describe('explainStartupError (error shapes)', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unreachable'],
    [Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }), 'unreachable'],
    [new Error('Connection terminated due to connection timeout'), 'unreachable'],
    [new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]), 'unreachable'],
    [Object.assign(new Error('getaddrinfo EAI_AGAIN db'), { code: 'EAI_AGAIN' }), 'unknown_host'],
    [Object.assign(new Error('password authentication failed'), { code: '28P01' }), 'auth_failed'],
    [
      new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '3D000' }) }),
      'database_missing',
    ],
    [new SchemaNotMigratedError(['0001_baseline.sql']), 'not_migrated'],
    [new MigrationError('0002_x.sql failed: boom'), 'migration_failed'],
    [new Error('disk full'), 'other'],
    ['a string', 'other'],
  ])('%s → %s', (err, kind) => {
    expect(classifyStartupError(err)).toBe(kind);
    expect(explainStartupError(err, 'postgres://u:secret@db:5433/app')).not.toMatch(/\n|secret/);
  });

  it('never shows the password, and names the target without a URL', () => {
    const err = Object.assign(new Error('password authentication failed for user "u"'), {
      code: '28P01',
    });
    const line = explainStartupError(err, 'postgres://u:hunter2@db.internal:5433/app');
    expect(line).toBe(
      'authentication failed for user "u" on db.internal:5433 (28P01: password authentication failed for user "u"): check the user and password in DATABASE_URL.',
    );
    expect(explainStartupError(err)).toContain('on the database server');
  });
});

describe.skipIf(!hasPg)('start-up errors against the real PostgreSQL', () => {
  let unmigrated: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    unmigrated = await createThrowawayDatabase('jb_unmigrated');
  });
  afterAll(() => unmigrated?.drop());

  it('a closed port: unreachable, with host and port', async () => {
    const u = new URL(PG_URL);
    u.port = String(await closedPort());
    const err = await startupError(u.toString());
    expect(classifyStartupError(err)).toBe('unreachable');
    expect(explainStartupError(err, u.toString())).toBe(
      `PostgreSQL at 127.0.0.1:${u.port} is unreachable (ECONNREFUSED): is it running, and are the host and port in DATABASE_URL right?`,
    );
  });

  it('a database that does not exist (3D000)', async () => {
    const url = withPath('/jb_no_such_database');
    const err = await startupError(url);
    expect(classifyStartupError(err)).toBe('database_missing');
    expect(explainStartupError(err, url)).toBe(
      'database "jb_no_such_database" does not exist on 127.0.0.1:5432: create it (createdb jb_no_such_database) or fix the database name in DATABASE_URL.',
    );
  });

  it('a role the server refuses (28000 under trust; 28P01 under password auth)', async () => {
    const url = withPath(new URL(PG_URL).pathname, 'jb_no_such_role');
    const err = await startupError(url);
    expect(classifyStartupError(err)).toBe('auth_failed');
    const line = explainStartupError(err, url);
    expect(line).toMatch(
      /^authentication failed for user "jb_no_such_role" on 127\.0\.0\.1:5432 \(28(000|P01): .*\): check the user and password in DATABASE_URL\.$/,
    );
    expect(line).not.toContain('not-the-password');
  });

  it('an unmigrated database: names the pending migrations and the command to run', async () => {
    const err = await startupError(unmigrated.url);
    expect(err).toBeInstanceOf(SchemaNotMigratedError);
    const line = explainStartupError(err, unmigrated.url);
    expect(line).toMatch(
      /^the database schema is not migrated \(\d+ pending: 0001_[a-z0-9_]+\.sql.*\): run `npm run db:migrate` with the same DATABASE_URL$/,
    );
  });

  it('after migrating, the same check lets start-up through', async () => {
    const migrated = await createDatabase({ databaseUrl: unmigrated.url, migrate: true });
    await migrated.close();
    const handle = await createDatabase({ databaseUrl: unmigrated.url, requireMigrated: true });
    try {
      expect(await handle.ping()).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
