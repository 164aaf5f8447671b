/**
 * Entry point of `spec-suite diff` when run as a program (bin/spec-suite.mjs sends `diff`
 * here so it does not load the code generators it never uses).
 */
import { diffCommand } from './command.js';

process.exitCode = await diffCommand(process.argv.slice(2));
