/**
 * The monitoring files against the app as it really runs: boot it (real routes, auth and
 * database), exercise it (a login, a failed login, refreshes, a refresh-token reuse), read
 * /metrics, then
 *  - `promtool check metrics` lints the exposition,
 *  - every metric name in the rules and the dashboard is one the app exports (or an
 *    allow-listed exporter's, or a recording rule of ours),
 *  - every dashboard expression is valid PromQL for promtool (wrapped as recording rules),
 *  - the auth counters count what happened.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { K8S_DIR, renderKustomization } from '../../scripts/k8s-render.js';
import { createDomainApp, type DomainApp } from '../e2e/domain/harness.js';
import { findPromtool, REPO_ROOT, runTool } from '../support/tools.js';
import { dashboardExprs, exportedNames, metricNames, rulesOf } from './monitoring-kit.js';

const promtool = findPromtool();
const RULES = path.join(REPO_ROOT, 'monitoring/prometheus/rules/jobboard.rules.yml');
const DASHBOARD = path.join(REPO_ROOT, 'monitoring/grafana/dashboards/jobboard.json');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/infra/monitoring');

/** Metrics of other exporters the rules and dashboard may read, by name, on purpose. */
const EXTERNAL = new Set([
  'up', // Prometheus itself, per scrape target
  'kube_pod_container_status_restarts_total', // kube-state-metrics
]);

/**
 * promtool's lint findings on prom-client's default process metrics (gauges named
 * `*_total`): prom-client's naming, not ours. Any other finding fails the test.
 */
const PROM_CLIENT_LINTS = new Set([
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
]);

const work = mkdtempSync(path.join(tmpdir(), 'jb-metrics-'));
let tdb: TestDatabase;
let t: DomainApp;
let metricsText: string;

const authEvent = (text: string, event: string) =>
  Number(new RegExp(`^auth_events_total\\{event="${event}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
const scrape = async () => {
  const res = await t.app.request('/metrics');
  expect(res.status).toBe(200);
  return res.text();
};
const post = async (p: string, body: unknown) =>
  t.app.request(p, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let before: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  t = await createDomainApp(tdb.db);
  before = await scrape();
  const user = { email: 'ops@example.com', password: 'correct horse battery staple' };
  expect(
    (await post('/api/v1/auth/register', { ...user, displayName: 'Ops', role: 'job_seeker' }))
      .status,
  ).toBe(202);
  expect((await post('/api/v1/auth/login', { ...user, password: 'wrong password!!' })).status).toBe(
    401,
  );
  const login = await post('/api/v1/auth/login', user);
  expect(login.status).toBe(200);
  const r1 = ((await login.json()) as { refreshToken: string }).refreshToken;
  const refresh = (refreshToken: string) => post('/api/v1/auth/refresh', { refreshToken });
  const r2 = ((await (await refresh(r1)).json()) as { refreshToken: string }).refreshToken;
  expect((await refresh(r2)).status).toBe(200);
  // r1 was spent and its child is spent too: presenting it again is reuse (POL-A-004).
  expect((await refresh(r1)).status).toBe(401);
  await t.app.request('/api/v1/ready');
  await t.app.request('/api/v1/jobs');
  metricsText = await scrape();
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await tdb?.close();
});

describe('the live /metrics', () => {
  it('counts the auth events that happened', () => {
    const delta = (e: string) => authEvent(metricsText, e) - authEvent(before, e);
    expect({
      login: delta('login'),
      login_failed: delta('login_failed'),
      refresh: delta('refresh'),
      refresh_reuse: delta('refresh_reuse'),
    }).toEqual({ login: 1, login_failed: 1, refresh: 2, refresh_reuse: 1 });
  });

  it('answers the probe paths the rendered prod Deployment uses', async () => {
    const prod = renderKustomization(path.join(K8S_DIR, 'overlays/prod'));
    const deployment = prod.find((o) => o.kind === 'Deployment') as unknown as {
      spec: {
        template: { spec: { containers: Record<string, { httpGet?: { path: string } }>[] } };
      };
    };
    const [api] = deployment.spec.template.spec.containers;
    const paths = ['startupProbe', 'livenessProbe', 'readinessProbe'].map(
      (p) => api![p]!.httpGet!.path,
    );
    expect(paths).toEqual(['/api/v1/health', '/api/v1/health', '/api/v1/ready']);
    for (const p of new Set(paths)) expect((await t.app.request(p)).status, p).toBe(200);
  });

  it.skipIf(!promtool)(
    'passes promtool check metrics, but for prom-client defaults we do not name',
    () => {
      const r = runTool(promtool!, ['check', 'metrics'], metricsText);
      const problems = r.output.split('\n').filter((l) => l.trim() !== '');
      expect(problems.filter((l) => !PROM_CLIENT_LINTS.has(l.split(' ')[0]!))).toEqual([]);
    },
  );

  it.skipIf(!promtool)('promtool check metrics fails on badly named metrics (fixture)', () => {
    const text = readFileSync(path.join(FIXTURES, 'bad-metrics.txt'), 'utf8');
    const r = runTool(promtool!, ['check', 'metrics'], text);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/jobboard_logins counter metrics should have "_total" suffix/);
    expect(r.output).toMatch(/jobboardLatency metric names should be written in 'snake_case'/);
  });
});

describe('metric names in rules and dashboard', () => {
  const rules = rulesOf(RULES);
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
  const unknownNames = (exprs: string[]) => {
    const exported = exportedNames(metricsText);
    return [
      ...new Set(
        exprs
          .flatMap(metricNames)
          .filter((n) => !exported.has(n) && !EXTERNAL.has(n) && !recorded.has(n)),
      ),
    ];
  };

  it('the rules read only metrics the app exports (plus allow-listed exporters)', () => {
    expect(unknownNames(rules.map((r) => r.expr))).toEqual([]);
  });

  it('the dashboard reads only metrics the app exports or our rules record', () => {
    const exprs = dashboardExprs(DASHBOARD);
    expect(exprs.length).toBeGreaterThan(20);
    expect(unknownNames(exprs.map((e) => e.expr))).toEqual([]);
  });

  it('a dashboard with a misspelled and an invented metric fails (fixture)', () => {
    const exprs = dashboardExprs(path.join(FIXTURES, 'dashboard-unknown-metric.json'));
    expect(unknownNames(exprs.map((e) => e.expr))).toEqual([
      'http_request_total',
      'jobboard_logins_total',
    ]);
  });

  it('uses histogram series the app exports (_bucket/_count), not invented suffixes', () => {
    const exported = exportedNames(metricsText);
    expect(exported.has('http_request_duration_seconds_bucket')).toBe(true);
    expect(exported.has('http_request_duration_seconds_count')).toBe(true);
    expect(exported.has('http_requests_total_bucket')).toBe(false);
  });
});

describe.skipIf(!promtool)('dashboard PromQL parses (promtool check rules)', () => {
  /** Each expression as a recording rule, so promtool's own parser judges it. */
  const check = (file: string) => {
    const rules = dashboardExprs(file).map((e, i) => ({
      record: `dashboard:expr_${i}`,
      expr: e.expr,
    }));
    const out = path.join(work, `${path.basename(file)}.rules.yml`);
    writeFileSync(out, YAML.stringify({ groups: [{ name: 'dashboard', rules }] }));
    return { count: rules.length, ...runTool(promtool!, ['check', 'rules', out]) };
  };

  it('every expression of the dashboard', () => {
    const r = check(DASHBOARD);
    expect(r.output).toContain(`SUCCESS: ${r.count} rules found`);
    expect(r.code).toBe(0);
  });

  it('an unparsable expression fails (fixture), and the grammar used for names refuses it too', () => {
    const r = check(path.join(FIXTURES, 'dashboard-bad-promql.json'));
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/parse error/);
    const [bad] = dashboardExprs(path.join(FIXTURES, 'dashboard-bad-promql.json'));
    expect(() => metricNames(bad!.expr)).toThrow(/PromQL syntax error/);
  });
});
