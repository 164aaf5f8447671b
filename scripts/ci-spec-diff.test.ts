// The CI diff step (scripts/ci-spec-diff.sh, run by .ci/run) against real temporary git
// repositories: a breaking change fails, a safe change and a major bump pass, and a clone
// without history passes with a note. Each step starts the CLI through tsx (seconds each).
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./ci-spec-diff.sh', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../test/fixtures/spec-diff/cli/', import.meta.url));
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });

/** A repository whose main has v1 then `next` (on main itself, or on a branch). */
function repo(next: string, onBranch: boolean): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-spec-diff-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'openapi'));
  const spec = path.join(dir, 'openapi', 'api-spec.yaml');
  git(dir, 'init', '-q', '-b', 'main');
  copyFileSync(path.join(FIXTURES, 'v1.yaml'), spec);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'v1');
  if (onBranch) git(dir, 'checkout', '-q', '-b', 'feature');
  copyFileSync(path.join(FIXTURES, next), spec);
  git(dir, 'commit', '-q', '-am', 'next');
  return dir;
}

async function step(cwd: string) {
  const env = { ...process.env, GITHUB_ACTIONS: '', GITHUB_BASE_REF: '' };
  try {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT], { cwd, env });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

describe('CI spec diff step', () => {
  it('fails on a breaking change on main, passes a safe one and a major bump', async () => {
    const [breaking, safe, major] = await Promise.all([
      step(repo('v2-breaking.yaml', false)),
      step(repo('v2-safe.yaml', false)),
      step(repo('v2-major.yaml', false)),
    ]);
    expect(breaking.stdout).toContain('against HEAD~1');
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toContain('path-removed');
    expect(safe.code).toBe(0);
    expect(major.code).toBe(0);
    expect(major.stdout).toContain('major version bumped');
  }, 240_000);

  it('on a branch compares with the merge base of origin/main; a clone without history passes', async () => {
    const upstream = repo('v2-breaking.yaml', true);
    git(upstream, 'checkout', '-q', 'main');
    const clone = mkdtempSync(path.join(os.tmpdir(), 'ci-spec-diff-clone-'));
    temps.push(clone);
    git(clone, 'clone', '-q', upstream, '.');
    git(clone, 'checkout', '-q', 'feature');
    const shallowParent = mkdtempSync(path.join(os.tmpdir(), 'ci-spec-diff-shallow-'));
    temps.push(shallowParent);
    git(shallowParent, 'clone', '-q', '--depth', '1', `file://${upstream}`, 'c');
    const [branch, shallow] = await Promise.all([step(clone), step(path.join(shallowParent, 'c'))]);
    expect(branch.code).toBe(1);
    expect(branch.stdout).toMatch(/against [0-9a-f]{40}/);
    expect(shallow.code).toBe(0);
    expect(shallow.stdout).toContain('skipped: no base commit');
  }, 240_000);
});
