/**
 * Child process of the bench's `github` phase (so GNU time sees its peak memory alone): the
 * robustness job's full pipeline (test/robustness/generate.ts) on one spec into `root`.
 * Prints one JSON line. `node --import tsx bench/github-gen.ts SPEC_FILE ROOT`
 */
import { fileURLToPath } from 'node:url';
import { generateFull } from '../test/robustness/generate.js';

export interface GithubGenOutput {
  dir: string;
  /** runGen's own wall time, without process start and module loading. */
  seconds: number;
  operations: number;
  schemas: number;
  files: number;
  bytes: number;
}

async function main(file: string, root: string) {
  const g = await generateFull({ slug: 'spec', file }, root);
  const out: GithubGenOutput = {
    dir: g.dir,
    seconds: g.seconds,
    operations: g.ir.operations.length,
    schemas: Object.keys(g.ir.schemas).length,
    files: g.files,
    bytes: g.bytes,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, root] = process.argv.slice(2);
  main(file!, root!).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
