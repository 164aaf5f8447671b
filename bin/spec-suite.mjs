#!/usr/bin/env node
// Loads the TypeScript CLI through tsx's loader in this process (a dependency), so the
// toolkit needs no build step and no second Node process. `diff` has its own entry: it
// needs the loader, not the code generators (seconds of module loading saved on every CI run).
import { register } from 'tsx/esm/api';

register();
const [command, ...rest] = process.argv.slice(2);
if (command === 'diff') {
  const { diffCommand } = await import('../generators/diff/command.ts');
  process.exitCode = await diffCommand(rest);
} else {
  const { main } = await import('../generators/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
