/**
 * db/schema.sql end to end: timed generation (PGlite start included), the committed
 * generated/db/ is exactly what the generator emits now, and the constructs the
 * job-board relies on are mapped as documented.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../emit/files.js';
import { generateDdlWithSchema } from './index.js';
import type { DbSchema } from './ir.js';

const root = path.resolve(import.meta.dirname, '../..');
let files: GeneratedFile[];
let schema: DbSchema;
let elapsedMs: number;

beforeAll(async () => {
  const started = performance.now();
  ({ files, schema } = await generateDdlWithSchema({
    ddlPath: path.join(root, 'db/schema.sql'),
    sourceLabel: 'db/schema.sql',
  }));
  elapsedMs = Math.round(performance.now() - started);
  console.log(`db/schema.sql generated end to end in ${elapsedMs} ms (PGlite start included)`);
});

describe('generation of db/schema.sql', () => {
  it('takes seconds, not minutes', () => {
    expect(elapsedMs).toBeLessThan(60_000);
  });

  it('matches the committed generated/db/ byte for byte (run `npm run gen` if not)', () => {
    for (const f of files) {
      expect(readFileSync(path.join(root, 'generated', f.path), 'utf8'), f.path).toBe(f.contents);
    }
  });

  it('maps the job-board constructs as documented', () => {
    const drizzle = files.find((f) => f.path === 'db/schema.ts')!.contents;
    expect(drizzle).toContain(
      "tags: text('tags')\n      .array()\n      .notNull()\n      .default(sql`'{}'::text[]`),",
    );
    expect(drizzle).toContain(
      "id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),",
    );
    expect(drizzle).toContain("searchVector: tsvectorType('search_vector')");
    expect(drizzle).toContain('sql`lower(location) text_pattern_ops`');
    expect(drizzle).toContain("details: jsonb('details')\n      .$type<JsonValue>()");
  });

  it('reads every table, with a primary key each', () => {
    expect(schema.tables.length).toBeGreaterThanOrEqual(12);
    for (const t of schema.tables) expect(t.primaryKey, t.name).not.toBeNull();
  });
});
