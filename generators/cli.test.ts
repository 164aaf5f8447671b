/**
 * The `spec-suite` command line: usage errors exit 2 with a message and the usage text,
 * --help exits 0, a generator failure exits 2 with one line (no stack), a stale --check
 * exits 1. In process through `main`, and once through the real bin wrapper, which is
 * what users and CI run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

const root = path.resolve(import.meta.dirname, '..');
const spec = path.join(root, 'test/fixtures/spec-suite/mini.yaml');
const bin = path.join(root, 'bin/spec-suite.mjs');

/** Runs `main` and returns its exit code and everything it wrote. */
async function run(args: string[]) {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(args);
    return { code, stdout: out.mock.calls.join(''), stderr: err.mock.calls.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'spec-suite-cli-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('spec-suite main', () => {
  it.each([
    [['--help'], 0],
    [['-h'], 0],
    [['gen', '--help'], 0],
    [['gen', '-h'], 0],
  ])('%j prints the usage on stdout and exits %i', async (args, code) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(/^Usage: spec-suite gen/);
    expect(r.stdout).toContain('--check');
    expect(r.stderr).toBe('');
  });

  it('no command at all is a usage error: exit 2, usage shown', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Usage: spec-suite gen/);
  });

  it.each([
    [['gen'], /--out and at least one of --spec\/--ddl are required/],
    [['gen', '--spec', 'x.yaml'], /--out and at least one of --spec\/--ddl are required/],
    [['gen', '--out', 'dir', '--check', 'extra'], /Unexpected argument 'extra'/],
    [['gen', '--out'], /Option '--out <value>' argument missing/],
    [['gen', '--check=yes', '--out', 'd', '--spec', 's'], /does not take an argument/],
    [['generate', '--out', 'x'], /unknown command "generate"/],
  ])('%j → exit 2 with a message and the usage on stderr', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: spec-suite gen');
    expect(r.stdout).toBe('');
  });

  it('a spec that does not exist → exit 2, one line naming the file, no stack', async () => {
    const missing = path.join(tmp, 'nope.yaml');
    const r = await run(['gen', '--spec', missing, '--out', path.join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spec-suite gen failed: .*nope\.yaml/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(readdir(path.join(tmp, 'never'))).rejects.toThrow(/ENOENT/);
  });

  it('generates, reports the files and the time; --check then passes, and fails when a file is missing', async () => {
    const out = path.join(tmp, 'out');
    const first = await run(['gen', '--spec', spec, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\d+ files in .*: \d+ written, 0 unchanged/);
    expect(first.stdout).toMatch(/spec-suite gen: \d+ ms/);
    const files = await readdir(path.join(out, 'openapi'));
    expect(files).toContain('schemas.ts');

    const again = await run(['gen', '--spec', spec, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 written, \d+ unchanged/);

    expect((await run(['gen', '--spec', spec, '--out', out, '--check'])).code).toBe(0);
    await rm(path.join(out, 'openapi/schemas.ts'));
    const stale = await run(['gen', '--spec', spec, '--out', out, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/missing: .*openapi\/schemas\.ts/);
    expect(stale.stderr).toContain('Run `npm run gen`');
  });
});

describe('bin/spec-suite.mjs (the installed command)', () => {
  const spawn = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });

  it('bad arguments exit 2 with the reason and the usage on stderr', () => {
    const r = spawn(['gen', '--frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("spec-suite: Unknown option '--frobnicate'");
    expect(r.stderr).toContain('Usage: spec-suite gen');
    expect(r.stdout).toBe('');
  });

  it('--help exits 0 with the usage on stdout', () => {
    const r = spawn(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: spec-suite gen/);
  });
});
