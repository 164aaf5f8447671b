#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency), so the toolkit needs no build step.
// `diff` has its own entry: it needs the loader, not the code generators (seconds of
// module loading saved on every CI run).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const [command, ...rest] = process.argv.slice(2);
const entry =
  command === 'diff'
    ? { file: '../generators/diff/main.ts', args: rest }
    : { file: '../generators/cli.ts', args: process.argv.slice(2) };
const cli = fileURLToPath(new URL(entry.file, import.meta.url));
const result = spawnSync(process.execPath, [tsxCli, cli, ...entry.args], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
