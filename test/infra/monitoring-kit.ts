/**
 * Reading the monitoring files for tests: the alerts of a rule file, which alerts the
 * promtool unit tests cover (firing and quiet), every PromQL expression of rules and
 * dashboards, the metric names an expression reads (the official PromQL grammar,
 * @prometheus-io/lezer-promql), the names a /metrics text exports, and runbook sections.
 */
import { readFileSync } from 'node:fs';
import { parser } from '@prometheus-io/lezer-promql';
import YAML from 'yaml';

type Json = Record<string, unknown>;

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}

export function rulesOf(file: string): Rule[] {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** Alert name → whether some unit test expects it firing, and some expects it quiet. */
export function alertTestCoverage(
  testFiles: string[],
): Map<string, { firing: boolean; quiet: boolean }> {
  const out = new Map<string, { firing: boolean; quiet: boolean }>();
  for (const file of testFiles) {
    const doc = YAML.parse(readFileSync(file, 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
    };
    for (const t of doc.tests.flatMap((x) => x.alert_rule_test ?? [])) {
      const seen = out.get(t.alertname) ?? { firing: false, quiet: false };
      if ((t.exp_alerts ?? []).length > 0) seen.firing = true;
      else seen.quiet = true;
      out.set(t.alertname, seen);
    }
  }
  return out;
}

/** Alerts lacking a firing or a quiet unit test. */
export function untestedAlerts(alerts: string[], testFiles: string[]): string[] {
  const cov = alertTestCoverage(testFiles);
  return alerts.flatMap((a) => {
    const c = cov.get(a);
    return [
      ...(c?.firing ? [] : [`${a}: no test expects it firing`]),
      ...(c?.quiet ? [] : [`${a}: no test expects it quiet`]),
    ];
  });
}

/**
 * Grafana's template variables replaced by values Prometheus accepts, so an expression
 * can be checked as PromQL: `$__rate_interval` → 5m, `$route` (multi-value regex) → `.*`.
 */
export function grafanaToPromql(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__range/g, '5m')
    .replace(/\$\{?[A-Za-z_]\w*\}?/g, '.*');
}

/** Every PromQL expression of a dashboard (panel targets, rows' nested panels, variables). */
export function dashboardExprs(file: string): { where: string; expr: string }[] {
  const dash = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const out: { where: string; expr: string }[] = [];
  const visit = (panels: unknown) => {
    for (const p of (panels as Json[] | undefined) ?? []) {
      for (const t of (p.targets as Json[] | undefined) ?? []) {
        if (typeof t.expr === 'string') {
          out.push({
            where: `${String(p.title)} ${String(t.refId)}`,
            expr: grafanaToPromql(t.expr),
          });
        }
      }
      visit(p.panels);
    }
  };
  visit(dash.panels);
  for (const v of ((dash.templating as Json | undefined)?.list as Json[] | undefined) ?? []) {
    const q = v.query as Json | string | undefined;
    const text = typeof q === 'string' ? q : typeof q?.query === 'string' ? q.query : undefined;
    // label_values(SELECTOR, label) is Grafana's, not PromQL: its selector is.
    const m = text && /^label_values\((.+),\s*\w+\)$/.exec(text);
    if (m) out.push({ where: `variable ${String(v.name)}`, expr: grafanaToPromql(m[1]!) });
  }
  return out;
}

/** The metric names an expression selects; throws when the PromQL grammar rejects it. */
export function metricNames(expr: string): string[] {
  const tree = parser.parse(expr);
  const names = new Set<string>();
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === undefined) error = node.from;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.add(expr.slice(node.from, node.to));
      }
    },
  });
  if (error !== undefined) throw new Error(`PromQL syntax error at ${error}: ${expr}`);
  return [...names];
}

/** Every sample name a /metrics text can carry: histogram/summary series included. */
export function exportedNames(metricsText: string): Set<string> {
  const names = new Set<string>();
  for (const m of metricsText.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(name + s));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => names.add(name + s));
  }
  return names;
}

/** `## Name` / `### Name` headings of a Markdown file. */
export function markdownHeadings(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  return new Set([...text.matchAll(/^#{2,4} +(.+?) *$/gm)].map((m) => m[1]!.replace(/`/g, '')));
}
