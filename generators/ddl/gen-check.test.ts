/**
 * `spec-suite gen --ddl FILE --out DIR [--check]` covers the DDL outputs: written once,
 * `--check` passes on them, and fails naming the file when one is edited or missing.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGen } from '../pipeline.js';

const root = path.resolve(import.meta.dirname, '../..');
const ddlPath = 'test/fixtures/ddl/every-construct.sql';
let out: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'jb-gen-ddl-'));
  const r = await runGen({ ddlPath, outDir: out, cwd: root });
  expect(r.written).toEqual(['db/kysely.ts', 'db/schema.ts', 'db/types-agree.ts']);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('gen --ddl --check', () => {
  it('passes on fresh output, fails on an edited or missing file', async () => {
    expect((await runGen({ ddlPath, outDir: out, cwd: root, check: true })).exitCode).toBe(0);

    const schemaFile = path.join(out, 'db/schema.ts');
    writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace("'deleted'", "'removed'"));
    unlinkSync(path.join(out, 'db/kysely.ts'));
    const r = await runGen({ ddlPath, outDir: out, cwd: root, check: true });
    expect(r.exitCode).toBe(1);
    expect(r.drift.map((d) => [d.kind, d.path]).sort()).toEqual(
      [
        ['changed', 'db/schema.ts'],
        ['missing', 'db/kysely.ts'],
      ].sort(),
    );
  });
});
