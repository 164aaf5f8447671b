/**
 * monitoring/prometheus with the real promtool (Debian `prometheus` 2.42; `bash
 * scripts/install-promtool.sh`): the compose scrape config, the rule files, a unit test for
 * every alert firing and quiet, a runbook section for every alert. Each check is shown
 * failing on a broken fixture from test/fixtures/infra/monitoring/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPromtool, REPO_ROOT, runTool } from '../support/tools.js';
import { markdownHeadings, rulesOf, untestedAlerts } from './monitoring-kit.js';

const promtool = findPromtool();
const PROM = path.join(REPO_ROOT, 'monitoring/prometheus');
const RULES = path.join(PROM, 'rules/jobboard.rules.yml');
const TESTS = ['slo.test.yml', 'alerts.test.yml'].map((f) => path.join(PROM, 'tests', f));
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/infra/monitoring');
const alerts = rulesOf(RULES).flatMap((r) => (r.alert ? [r.alert] : []));

const work = mkdtempSync(path.join(tmpdir(), 'jb-prom-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The compose config as Prometheus sees it in its container: beside rules/ and with the
 * METRICS_TOKEN file compose mounts (promtool checks that referenced files exist).
 */
function composeLayout(config: string): string {
  const dir = mkdtempSync(path.join(work, 'etc-'));
  copyFileSync(config, path.join(dir, 'prometheus.yml'));
  symlinkSync(path.join(PROM, 'rules'), path.join(dir, 'rules'));
  mkdirSync(path.join(dir, 'secrets'));
  writeFileSync(path.join(dir, 'secrets/metrics_token'), 'x'.repeat(40));
  return path.join(dir, 'prometheus.yml');
}

describe.skipIf(!promtool)('promtool', () => {
  const run = (...args: string[]) => runTool(promtool!, args);

  it('check config: the compose scrape config and the rule files it loads are valid', () => {
    const r = run('check', 'config', composeLayout(path.join(PROM, 'prometheus.yml')));
    expect(r.output).toContain('SUCCESS: 1 rule files found');
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('check config fails on a misspelled key (fixture)', () => {
    const r = run(
      'check',
      'config',
      composeLayout(path.join(FIXTURES, 'bad-config/prometheus.yml')),
    );
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/scrape_intervall|not found/);
  });

  it('check rules: every rule parses', () => {
    const r = run('check', 'rules', RULES);
    expect(r.output).toContain(`SUCCESS: ${rulesOf(RULES).length} rules found`);
    expect(r.code).toBe(0);
  });

  it('check rules fails on broken PromQL (fixture)', () => {
    const r = run('check', 'rules', path.join(FIXTURES, 'bad-promql.rules.yml'));
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/parse error/);
  });

  it('test rules: every alert unit test passes', () => {
    const r = run('test', 'rules', ...TESTS);
    expect(r.output).not.toContain('FAILED');
    expect(r.code).toBe(0);
  });

  it('test rules fails when an expectation is wrong (fixture)', () => {
    const r = run('test', 'rules', path.join(FIXTURES, 'wrong-expectation.test.yml'));
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/FAILED[\s\S]*JobboardTargetDown/);
  });
});

describe('coverage of the alerts', () => {
  it('covers the alerts the on-call needs', () => {
    expect(alerts).toEqual(
      expect.arrayContaining([
        'JobboardErrorBudgetBurnFast',
        'JobboardErrorBudgetBurnSlow',
        'JobboardLatencyBudgetBurnFast',
        'JobboardLatencyBudgetBurnSlow',
        'JobboardReadinessFailing',
        'JobboardPodRestarting',
        'JobboardRefreshTokenReuseSpike',
        'JobboardRateLimitStoreFallback',
        'JobboardDatabaseBusy',
        'JobboardDenylistStoreFailing',
      ]),
    );
  });

  it('every alert has a unit test expecting it firing and one expecting it quiet', () => {
    expect(untestedAlerts(alerts, TESTS)).toEqual([]);
  });

  it('an alert tested only firing is reported (fixture)', () => {
    expect(
      untestedAlerts(['JobboardTargetDown'], [path.join(FIXTURES, 'firing-only.test.yml')]),
    ).toEqual(['JobboardTargetDown: no test expects it quiet']);
  });

  it('every alert has a section in docs/RUNBOOK.md, and its runbook_url points there', () => {
    const headings = markdownHeadings(path.join(REPO_ROOT, 'docs/RUNBOOK.md'));
    expect(alerts.filter((a) => !headings.has(a))).toEqual([]);
    for (const r of rulesOf(RULES).filter((x) => x.alert)) {
      const url = (r as { annotations?: { runbook_url?: string } }).annotations?.runbook_url;
      expect(url, r.alert).toMatch(new RegExp(`/docs/RUNBOOK\\.md#${r.alert!.toLowerCase()}$`));
    }
  });

  it('a runbook missing sections is reported (fixture)', () => {
    const headings = markdownHeadings(path.join(FIXTURES, 'RUNBOOK-incomplete.md'));
    expect(alerts.filter((a) => !headings.has(a))).toHaveLength(alerts.length - 1);
  });
});
