import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRawSql, EXEMPT } from './check-raw-sql.js';

const root = path.resolve(import.meta.dirname, '..');
const fixtureApp = path.join(root, 'test/fixtures/raw-sql/app');

describe('raw-SQL check (ORM-only rule)', () => {
  const findings = checkRawSql(fixtureApp, root);
  const at = (file: string) =>
    findings
      .filter((f) => f.file === `test/fixtures/raw-sql/app/handlers/${file}`)
      .map((f) => f.line);

  it.each([
    ['uses-sql-template.ts', [2, 6]], // the import and the tagged template
    ['aliased-sql-raw.ts', [2, 4]],
    ['pg-pool-query.ts', [5]],
    ['execute-string.ts', [6, 7]],
    ['orm-only.ts', []],
  ])('%s → findings on lines %j', (file, lines) => {
    expect(at(file)).toEqual(lines);
  });

  it('names the rule in every finding', () => {
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message).toMatch(/^raw SQL: /);
  });

  it('exempts only the migration runner and its test', () => {
    expect(EXEMPT).toEqual(['app/db/migrate.ts', 'app/db/migrate.test.ts']);
  });

  it('the CLI (npm run lint:sql) exits 1 on the fixture and names file:line', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/check-raw-sql.ts', 'test/fixtures/raw-sql/app'],
        { cwd: root, stdio: 'pipe' },
      );
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toContain('test/fixtures/raw-sql/app/handlers/pg-pool-query.ts:5:');
  });
});
