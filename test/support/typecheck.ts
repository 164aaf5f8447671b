/**
 * Type-checks emitted code the way a consumer's strict NodeNext project would: one
 * `ts.createProgram` with the same options for every test that compiles generated files.
 */
import ts from 'typescript';

export const CONSUMER_COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
};

/** Every diagnostic of compiling `files` (and what they import). */
export function typecheck(files: readonly string[]): readonly ts.Diagnostic[] {
  return ts.getPreEmitDiagnostics(ts.createProgram(files, CONSUMER_COMPILER_OPTIONS));
}
