/**
 * Command-line tools some tests need (promtool, from Debian's `prometheus` package, unpacked
 * by scripts/install-promtool.sh into .tools/). Like services.ts: a missing tool skips the
 * tests that need it with a visible `SKIP:` line, and fails them under REQUIRE_SERVICES=1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servicesRequired } from './services.js';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** `name` on PATH, else the first existing candidate under the repository. */
export function locateTool(name: string, candidates: string[] = []): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return candidates.map((c) => path.join(REPO_ROOT, c)).find((c) => existsSync(c));
}

function required(name: string, found: string | undefined, install: string): string | undefined {
  if (found) return found;
  const msg = `${name} not found on PATH or in .tools/ (install: ${install})`;
  if (servicesRequired) throw new Error(`${msg} and REQUIRE_SERVICES=1`);
  console.warn(
    `SKIP: ${msg}; tests that need it are skipped (set REQUIRE_SERVICES=1 to fail instead)`,
  );
  return undefined;
}

/** promtool's path, or undefined (after a SKIP line) when it is not installed. */
export function findPromtool(): string | undefined {
  return required(
    'promtool',
    locateTool('promtool', ['.tools/prometheus/usr/bin/promtool']),
    'bash scripts/install-promtool.sh',
  );
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a tool to completion; never throws on a non-zero exit (tests assert on `code`). */
export function runTool(bin: string, args: string[], input?: string): RunResult {
  try {
    const output = execFileSync(bin, args, {
      cwd: REPO_ROOT,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { code: 0, output };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}
