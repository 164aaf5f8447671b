/**
 * `npm run db:migrate` and `npm run db:check` as operators run them (the real scripts in
 * a child process): exit codes and the one line each outcome prints. 0 = done/matches,
 * 1 = migrate failed / schema differs, 2 = usage error / could not check. The drift
 * details themselves are covered by db-check.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, postgresAvailable } from '../test/support/services.js';

const root = path.resolve(import.meta.dirname, '..');
const hasPg = await postgresAvailable();
/** Nothing listens on port 1: the connection is refused at once. */
const DEAD_URL = 'postgres://postgres@127.0.0.1:1/nowhere';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Async, so parallel test files keep running while a script starts PGlite. */
function script(name: string, args: string[], env: Record<string, string | undefined> = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: root,
      // Without these, a developer's own DATABASE_URL/DATA_DIR would leak into the test.
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal/);

describe('db:migrate and db:check on a PGlite folder', () => {
  let dir: string;
  let data: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jb-dbcli-'));
    data = path.join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a new folder, then is a no-op; db:check then reports a match', async () => {
    const first = await script('db-migrate', [], { DATA_DIR: data });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /^db:migrate \(PGlite folder .*data\): applied 0001_\w+\.sql.* \(0 already applied\); \d+ seed statements applied\n$/,
    );

    const again = await script('db-migrate', [], { DATA_DIR: data });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/: up to date \([1-9]\d* already applied\)/);

    const check = await script('db-check', ['--data-dir', data]);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(
      /^db:check: PGlite folder .*data matches db\/schema\.sql \(\d+ tables, \d+ enums\)\n$/,
    );
    expect(check.stderr).toBe('');
  });

  it('db:check on a folder that is not a PGlite database: exit 2, says why', async () => {
    const r = await script('db-check', ['--data-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^db:check: could not check: .* is not a PGlite data folder/);
    noStack(r.stderr);
  });

  it('db:check against a schema file that does not exist: exit 2', async () => {
    const r = await script('db-check', ['--schema', 'db/nope.sql', '--data-dir', data]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^db:check: could not check: .*nope\.sql/);
  });
});

describe('db:migrate and db:check failures', () => {
  it.each([
    [
      'db-migrate',
      ['--bogus'],
      /^db:migrate: Unknown option '--bogus'.*\nUsage: npm run db:migrate/,
    ],
    ['db-check', ['--bogus'], /^db:check: Unknown option '--bogus'.*\nUsage: npm run db:check/],
    ['db-check', ['--url'], /^db:check: Option '--url <value>' argument missing/],
  ])('%s %j is a usage error: exit 2, one message, no stack', async (name, args, message) => {
    const r = await script(name, args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    noStack(r.stderr);
    expect(r.stdout).toBe('');
  });

  it('db:migrate against an unreachable PostgreSQL: exit 1 with the reason', async () => {
    const r = await script('db-migrate', [], { DATABASE_URL: DEAD_URL });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('db:migrate failed: connect ECONNREFUSED 127.0.0.1:1\n');
  });

  it('db:check against an unreachable PostgreSQL (--url wins over DATA_DIR): exit 2', async () => {
    const r = await script('db-check', ['--url', DEAD_URL], { DATA_DIR: '/nonexistent' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('db:check: could not check: connect ECONNREFUSED 127.0.0.1:1\n');
  });
});

describe.skipIf(!hasPg)('db:migrate and db:check on PostgreSQL (DATABASE_URL)', () => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createThrowawayDatabase('jb_dbcli'));
  });
  afterAll(() => drop?.());

  it('migrates, is idempotent, and db:check reads DATABASE_URL', async () => {
    const first = await script('db-migrate', [], { DATABASE_URL: url });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^db:migrate \(DATABASE_URL\): applied 0001_/);
    // The URL (it may hold a password) is never printed.
    expect(first.stdout).not.toContain(url);

    const again = await script('db-migrate', [], { DATABASE_URL: url });
    expect(again.stdout).toMatch(/^db:migrate \(DATABASE_URL\): up to date/);

    const check = await script('db-check', [], { DATABASE_URL: url });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^db:check: DATABASE_URL matches db\/schema\.sql/);
  });
});
