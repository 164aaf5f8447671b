/**
 * Test support: runs the real `gen` pipeline (`runGen`) on a fixture spec into a throwaway
 * folder under `.tmp/` and imports the generated `createApi`, so tests drive the generated
 * validators, operation table and runtime together, as an app does.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hono } from 'hono';
import type { AuthHooks } from '../../runtime/contract.js';
import type { CreateApiOptions, RuntimeLogger } from '../../runtime/create-api.js';
import { runGen } from '../../generators/pipeline.js';
import type { ApiIR } from '../../generators/openapi/ir.js';

export interface GeneratedApp {
  /** The folder holding `generated/` (and whatever a test writes beside it). */
  dir: string;
  ir: ApiIR;
  createApi(handlers: object, options: CreateApiOptions<unknown>): Hono;
  cleanup(): void;
}

let counter = 0;

/** Every credential is a principal allowed everything (fixtures are public anyway). */
export const allowAll: AuthHooks<unknown> = {
  authenticate: async () => ({ ok: true, principal: { subject: 'test' } }),
  authorize: () => true,
};

export async function generateApp(specPath: string, name: string): Promise<GeneratedApp> {
  const dir = path.resolve('.tmp', 'generated-app', `${name}-${process.pid}-${counter++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await runGen({
    specPath: path.resolve(specPath),
    outDir: path.join(dir, 'generated'),
    cwd: dir,
  });
  if (!result.ir) throw new Error(`${specPath}: runGen returned no IR`);
  const routes = (await import(
    pathToFileURL(path.join(dir, 'generated', 'openapi', 'routes.ts')).href
  )) as { createApi: GeneratedApp['createApi'] };
  return {
    dir,
    ir: result.ir,
    createApi: routes.createApi,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A logger that keeps what the runtime reports, for asserting that nothing was logged. */
export function recordingLogger(): RuntimeLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) };
}
