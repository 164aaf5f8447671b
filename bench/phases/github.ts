/**
 * Phase `github`: the robustness job's path over GitHub's REST spec (test/robustness:
 * `generateFull`, then `typecheck` = tsc --noEmit with the consumer's strict settings), each
 * step in its own process, wall time and peak memory of each. Output goes to a throwaway
 * folder under .tmp/ (inside the checkout, so the generated code resolves runtime/ and
 * node_modules as it does in the robustness job) and is removed afterwards.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { typecheck } from '../../test/robustness/generate.js';
import { GITHUB_SPEC } from '../../test/robustness/specs.js';
import type { GithubGenOutput } from '../github-gen.js';
import { repoRoot } from '../processes.js';
import { timed } from '../measure.js';

export interface GithubOptions {
  /** The spec to run (default GitHub's, as the robustness job); relative to the checkout. */
  spec: string;
}

export interface GithubResult {
  spec: string;
  operations: number;
  schemas: number;
  files: number;
  megabytes: number;
  gen: { seconds: number; peakMb: number | null; runGenSeconds: number };
  tsc: {
    seconds: number;
    peakMb: number | null;
    ok: boolean;
    types: number | null;
    instantiations: number | null;
  };
}

export const defaultGithubSpec = GITHUB_SPEC.file;

export async function githubPhase(
  o: GithubOptions,
  log: (line: string) => void,
): Promise<GithubResult> {
  const root = join(repoRoot, '.tmp', 'bench', `github-${process.pid}-${Date.now().toString(36)}`);
  try {
    const gen = await timed(
      [process.execPath, '--import', 'tsx', 'bench/github-gen.ts', o.spec, root],
      { cwd: repoRoot },
    );
    if (gen.exitCode !== 0) throw new Error(`generation of ${o.spec} failed:\n${gen.stderr}`);
    const out = JSON.parse(gen.stdout.trim().split('\n').at(-1)!) as GithubGenOutput;
    log(`${o.spec}: generated in ${gen.seconds.toFixed(1)} s, peak ${gen.peakMb ?? '?'} MiB`);
    const tsc = await typecheck([out.dir], 'bench', root);
    log(`tsc: ${tsc.seconds.toFixed(1)} s, peak ${tsc.peakMb ?? '?'} MiB, ok ${tsc.ok}`);
    if (!tsc.ok) log(tsc.output.slice(0, 2000));
    return {
      spec: o.spec,
      operations: out.operations,
      schemas: out.schemas,
      files: out.files,
      megabytes: out.bytes / 1e6,
      gen: { seconds: gen.seconds, peakMb: gen.peakMb, runGenSeconds: out.seconds },
      tsc: {
        seconds: tsc.seconds,
        peakMb: tsc.peakMb ?? null,
        ok: tsc.ok,
        types: tsc.types ?? null,
        instantiations: tsc.instantiations ?? null,
      },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
