#!/usr/bin/env node
// Loads the TypeScript CLI through tsx's loader in this process (a dependency), so the
// toolkit needs no build step and no second Node process. `diff` has its own entry: it
// needs the loader, not the code generators (seconds of module loading saved on every CI run).
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// WebAssembly here is PGlite, started per run for one DDL and a few catalog queries: V8's
// optimising tier recompiles its hot functions on both cores and the run waits for it,
// which costs more than it saves (DDL stage ~1.6 s → ~0.9 s on 2 cores; docs/performance.md).
setFlagsFromString('--liftoff-only');
const sourceMapsWanted = process.sourceMapsEnabled;
register();
// tsx turns source maps on; Node then indexes every module it loads (typescript.js is 9 MB),
// ~0.3 s of a run. The CLI reports errors by message; `--enable-source-maps` keeps them.
if (!sourceMapsWanted) process.setSourceMapsEnabled(false);
const [command, ...rest] = process.argv.slice(2);
if (command === 'diff') {
  const { diffCommand } = await import('../generators/diff/command.ts');
  process.exitCode = await diffCommand(rest);
} else {
  const { main } = await import('../generators/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
