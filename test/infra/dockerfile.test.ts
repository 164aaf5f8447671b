/**
 * The production Dockerfile passes dockerfile-utils and the house rules
 * (test/infra/dockerfile-rules.ts); each broken fixture in test/fixtures/infra/docker/
 * fails with the rule it breaks, so a rule that stopped checking anything fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDockerfile, type DockerRule } from './dockerfile-rules.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/infra/docker');
const read = (file: string) => readFileSync(file, 'utf8');

describe('Dockerfile', () => {
  it('passes the parser and every house rule', () => {
    expect(checkDockerfile(read(path.join(ROOT, 'Dockerfile')))).toEqual([]);
  });

  it('.dockerignore keeps secrets, local data and tests out of the build context', () => {
    const lines = read(path.join(ROOT, '.dockerignore')).split('\n');
    for (const rule of ['**', '.env', '**/*.test.ts']) expect(lines).toContain(rule);
  });
});

const broken: [fixture: string, rule: DockerRule][] = [
  ['syntax.Dockerfile', 'syntax'],
  ['single-stage.Dockerfile', 'multi-stage'],
  ['latest-base.Dockerfile', 'pinned-base'],
  ['major-only-base.Dockerfile', 'pinned-base'],
  ['root-user.Dockerfile', 'non-root'],
  ['user-root.Dockerfile', 'non-root'],
  ['no-healthcheck.Dockerfile', 'healthcheck'],
  ['no-expose.Dockerfile', 'expose'],
  ['add-url.Dockerfile', 'no-add-url'],
  ['npm-install.Dockerfile', 'prod-install'],
  ['copies-context.Dockerfile', 'runtime-copy'],
  ['npm-pid1.Dockerfile', 'pid1'],
];

describe.each(broken)('broken fixture %s', (fixture, rule) => {
  it(`fails rule ${rule}`, () => {
    const findings = checkDockerfile(read(path.join(FIXTURES, fixture)));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.split(':')[0])).toContain(rule);
  });
});
