/**
 * .github/workflows/*: schema, actionlint and house rules (test/infra/workflow-rules.ts);
 * each broken fixture in test/fixtures/infra/workflows/ fails with the rule it breaks.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkflow, type WorkflowKind, type WorkflowRule } from './workflow-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');
const FIXTURES = path.join(ROOT, 'test/fixtures/infra/workflows');
const kindOf = (file: string) => /^(ci|release|deploy-env|deploy)\b/.exec(file)![1] as WorkflowKind;
const rules = (findings: string[]) => findings.map((f) => f.split(':')[0]);

describe('.github/workflows', () => {
  const files = readdirSync(WORKFLOWS).sort();

  it('has CI, release and deploy workflows', () => {
    expect(files).toEqual(['ci.yml', 'deploy-env.yml', 'deploy.yml', 'release.yml']);
  });

  it.each(files)('%s passes the schema, actionlint and the house rules', async (file) => {
    const content = readFileSync(path.join(WORKFLOWS, file), 'utf8');
    expect(await checkWorkflow(kindOf(file), file, content)).toEqual([]);
  });
});

const broken: [fixture: string, rule: WorkflowRule][] = [
  ['ci-schema.yml', 'schema'],
  ['ci-expression.yml', 'actionlint'],
  ['ci-needs.yml', 'actionlint'],
  ['ci-unpinned.yml', 'pinned-action'],
  ['ci-major-only.yml', 'pinned-action'],
  ['ci-no-ci-run.yml', 'ci-runs-ci'],
  ['ci-no-robustness.yml', 'ci-robustness'],
  ['deploy-env-no-rollback.yml', 'deploy-rollback'],
  ['deploy-env-no-smoke.yml', 'deploy-smoke'],
];

describe.each(broken)('broken fixture %s', (fixture, rule) => {
  it(`fails rule ${rule}`, async () => {
    const content = readFileSync(path.join(FIXTURES, fixture), 'utf8');
    expect(rules(await checkWorkflow(kindOf(fixture), fixture, content))).toContain(rule);
  });
});
