/**
 * The schema-change workflow: edit the DDL, draft a migration (drizzle-kit over our
 * models), review it, apply it; the result must equal the new DDL exactly.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftMigration, type DraftResult } from './draft-migration.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/ddl/evolve');
let dir: string;
let draft: DraftResult;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jb-draft-'));
  copyFileSync(path.join(fixtures, 'v1.sql'), path.join(dir, '0001_baseline.sql'));
  const started = performance.now();
  draft = await draftMigration({
    migrationsDir: dir,
    schemaPath: path.join(fixtures, 'v2.sql'),
    name: 'posts_v2',
    scratchDir: path.join(root, '.tmp', `draft-${process.pid}`),
  });
  console.log(`migration drafted and verified in ${Math.round(performance.now() - started)} ms`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('draftMigration', () => {
  it('numbers the draft after the last migration', () => {
    expect(draft.fileName).toBe('0002_posts_v2.sql');
  });

  it.each([
    [`ALTER TYPE "public"."post_state" ADD VALUE 'archived';`],
    [`ALTER TABLE "posts" ALTER COLUMN "title" SET DATA TYPE varchar(200);`],
    [`"tags" text[] DEFAULT '{}'::text[] NOT NULL`],
    [`CREATE TABLE "post_comments"`],
    [`CREATE INDEX "posts_tags_idx" ON "posts" USING gin ("tags");`],
    [`CONSTRAINT "posts_published_check" CHECK`],
  ])('drafts %s', (statement) => {
    expect(draft.contents).toContain(statement);
  });

  it('drafts the comments drizzle does not model, quoted, and proves the draft complete', () => {
    expect(draft.contents).toContain(`COMMENT ON TABLE "post_comments" IS 'Readers'' comments.';`);
    expect(draft.residual).toEqual([]);
    expect(draft.contents).toContain('-- Checked: db/migrations + this draft reproduce');
  });

  it('once the draft is saved, migrations reproduce the new DDL and nothing is left to draft', async () => {
    writeFileSync(path.join(dir, draft.fileName!), draft.contents);
    const again = await draftMigration({
      migrationsDir: dir,
      schemaPath: path.join(fixtures, 'v2.sql'),
      name: 'nothing',
      scratchDir: path.join(root, '.tmp', `draft-${process.pid}`),
    });
    expect(again.fileName).toBeNull();
  });

  it('rejects names that are not a-z, 0-9, _', async () => {
    await expect(
      draftMigration({
        migrationsDir: dir,
        schemaPath: path.join(fixtures, 'v2.sql'),
        name: 'Bad-Name',
        scratchDir: dir,
      }),
    ).rejects.toThrow(/a-z, 0-9 and _/);
  });
});
