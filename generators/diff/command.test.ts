// `spec-suite diff` end to end in-process: files and git revisions as the base, exit codes,
// the major-version escape, the ignore file and every output format.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diffCommand } from './command.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/spec-diff/cli/', import.meta.url));

async function run(args: string[], cwd = FIXTURES) {
  let stdout = '';
  let stderr = '';
  const code = await diffCommand(args, {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('spec-suite diff', () => {
  it('reports breaking changes in text and exits 1', async () => {
    const r = await run(['--base', 'v1.yaml', '--revision', 'v2-breaking.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BREAKING path-removed  /items/{id}');
    expect(r.stdout).toContain('request-maximum-tightened  GET /items');
    expect(r.stdout).toContain('response-property-became-optional');
    expect(r.stdout).toMatch(/1\.4\.0 → 1\.5\.0: 3 breaking, 0 warning, 0 info; FAIL/);
  });

  it('a safe change exits 0 and lists the additions as info', async () => {
    const r = await run(['--base', 'v1.yaml', '--revision', 'v2-safe.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('request-parameter-added-optional');
    expect(r.stdout).toContain('response-property-added');
    expect(r.stdout).toContain('no unacknowledged breaking change');
  });

  it('a major version bump allows breaking changes', async () => {
    const r = await run(['--base', 'v1.yaml', '--revision', 'v2-major.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('major version bumped (1.4.0 → 2.0.0)');
  });

  it('JSON carries every finding with id, level, operation, pointer and message', async () => {
    const r = await run([
      '--base',
      'v1.yaml',
      '--revision',
      'v2-breaking.yaml',
      '--format',
      'json',
    ]);
    const body = JSON.parse(r.stdout) as { exitCode: number; findings: Record<string, string>[] };
    expect(body.exitCode).toBe(1);
    expect(body.findings).toContainEqual({
      id: 'request-maximum-tightened',
      level: 'breaking',
      operation: 'GET /items',
      pointer: '/paths/~1items/get/parameters/0/schema/maximum',
      message: 'query parameter limit: maximum 100 → 50',
    });
    expect(body.findings).toContainEqual(
      expect.objectContaining({
        id: 'response-property-became-optional',
        pointer: '/components/schemas/Item/properties/name',
      }),
    );
  });

  it('Markdown is a table for a pull-request comment', async () => {
    const r = await run([
      '--base',
      'v1.yaml',
      '--revision',
      'v2-breaking.yaml',
      '--format',
      'markdown',
    ]);
    expect(r.stdout).toContain('| Level | Check | Operation | Change | Where |');
    expect(r.stdout).toContain('| **breaking** | `path-removed` | /items/{id} |');
  });

  it('GitHub annotations name the file and the line of the change', async () => {
    const r = await run([
      '--base',
      'v1.yaml',
      '--revision',
      'v2-breaking.yaml',
      '--format',
      'github',
    ]);
    // `maximum: 50` is on line 8 of v2-breaking.yaml.
    expect(r.stdout).toContain(
      '::error file=v2-breaking.yaml,line=8,title=request-maximum-tightened::GET /items: query parameter limit',
    );
    const safe = await run([
      '--base',
      'v1.yaml',
      '--revision',
      'v2-safe.yaml',
      '--format',
      'github',
    ]);
    expect(safe.stdout).toMatch(
      /^::notice file=v2-safe\.yaml,line=\d+,title=request-parameter-added-optional::/m,
    );
  });

  it('the ignore file accepts findings with a reason; unknown ids and missing reasons are errors', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-diff-ignore-'));
    temps.push(dir);
    for (const f of ['v1.yaml', 'v2-breaking.yaml'])
      copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    writeFileSync(
      path.join(dir, '.spec-diff-ignore.yaml'),
      [
        'accepted:',
        '  - id: path-removed',
        '    reason: deletion moved to the admin API',
        '  - id: request-maximum-tightened',
        '    operation: GET /items',
        '    reason: no client asks for more than 50 (access logs)',
        '  - id: response-property-became-optional',
        '    pointer: /components/schemas/Item',
        '    reason: name was never set for imported items',
        '  - id: request-parameter-removed',
        '    reason: stale',
      ].join('\n'),
    );
    const r = await run(['--base', 'v1.yaml', '--revision', 'v2-breaking.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ACCEPTED path-removed');
    expect(r.stdout).toContain('deletion moved to the admin API');
    expect(r.stdout).toContain('note: ignore entry request-parameter-removed matched nothing');
    writeFileSync(path.join(dir, 'bad.yaml'), 'accepted:\n  - id: path-removed\n');
    const bad = await run(
      ['--base', 'v1.yaml', '--revision', 'v2-breaking.yaml', '--ignore', 'bad.yaml'],
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"reason" is required');
    writeFileSync(path.join(dir, 'bad.yaml'), 'accepted:\n  - id: no-such-check\n    reason: x\n');
    const unknown = await run(
      ['--base', 'v1.yaml', '--revision', 'v2-breaking.yaml', '--ignore', 'bad.yaml'],
      dir,
    );
    expect(unknown.stderr).toContain('unknown check id "no-such-check"');
  });

  it('a git revision as the base: the spec at that commit, or nothing to compare', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-diff-git-'));
    temps.push(dir);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: dir,
      });
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'empty');
    copyFileSync(path.join(FIXTURES, 'v1.yaml'), path.join(dir, 'api.yaml'));
    const none = await run(['--base', 'HEAD', '--revision', 'api.yaml'], dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('nothing to compare: api.yaml does not exist at HEAD');
    git('add', 'api.yaml');
    git('commit', '-q', '-m', 'v1');
    copyFileSync(path.join(FIXTURES, 'v2-breaking.yaml'), path.join(dir, 'api.yaml'));
    const r = await run(['--base', 'HEAD', '--revision', 'api.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('path-removed');
    const bad = await run(['--base', 'no-such-ref', '--revision', 'api.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('neither a file nor a git revision');
  });

  it('usage errors exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--base', 'v1.yaml', '--format', 'xml'])).code).toBe(2);
    expect((await run(['--bogus'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: spec-suite diff');
    const missing = await run(['--base', 'v1.yaml', '--revision', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
  });
});
