/**
 * House rules over the normalised output of `docker-compose config` (which has already
 * checked the file against the Compose schema docker-compose 1.29 reads). One line per
 * finding, each starting with its rule id.
 */
interface Service {
  image?: string;
  build?: unknown;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  networks?: Record<string, unknown>;
  /** `docker-compose config` prints volumes as `source:target[:mode]`. */
  volumes?: string[];
  command?: unknown;
}
interface ComposeConfig {
  services?: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
}

export type ComposeRule =
  | 'services'
  | 'pinned-image'
  | 'healthcheck'
  | 'depends-healthy'
  | 'migrate-first'
  | 'internal-network'
  | 'named-volume'
  | 'monitoring-paths';

const REQUIRED = ['app', 'migrate', 'postgres', 'redis', 'prometheus', 'grafana'];
/** Services that run to completion and so have no health check. */
const ONE_SHOT = new Set(['migrate']);
const DATA_DIRS: Record<string, string> = { postgres: '/var/lib/postgresql/data', redis: '/data' };
/** Where the monitoring stack's files are mounted (owned by monitoring/, fixed paths). */
const MONITORING_MOUNTS: [service: string, source: string, target: string][] = [
  ['prometheus', 'monitoring/prometheus/prometheus.yml', '/etc/prometheus/prometheus.yml'],
  ['prometheus', 'monitoring/prometheus/rules', '/etc/prometheus/rules'],
  ['grafana', 'monitoring/grafana/provisioning', '/etc/grafana/provisioning'],
  ['grafana', 'monitoring/grafana/dashboards', '/var/lib/grafana/dashboards'],
];

interface Mount {
  source: string;
  target: string;
  /** A named volume (declared at the top level), not a host path. */
  named: boolean;
}

function mounts(s: Service | undefined, config: ComposeConfig): Mount[] {
  return (s?.volumes ?? []).map((v) => {
    const [source = '', target = ''] = v.split(':');
    return { source, target, named: !source.includes('/') && source in (config.volumes ?? {}) };
  });
}

export function checkCompose(config: ComposeConfig): string[] {
  const out: string[] = [];
  const report = (rule: ComposeRule, msg: string) => out.push(`${rule}: ${msg}`);
  const services = config.services ?? {};

  for (const name of REQUIRED) if (!services[name]) report('services', `no ${name} service`);

  for (const [name, s] of Object.entries(services)) {
    if (s.image && !s.build) {
      const tag = s.image.split('@')[0]!.split(':')[1];
      if (!s.image.includes('@') && !/^v?\d+\.\d+/.test(tag ?? '')) {
        report('pinned-image', `${name}: image ${s.image} is not pinned to a version`);
      }
    }
    if (!ONE_SHOT.has(name) && (!s.healthcheck?.test || s.healthcheck.disable)) {
      report('healthcheck', `${name} has no health check`);
    }
    for (const [dep, d] of Object.entries(s.depends_on ?? {})) {
      const want = ONE_SHOT.has(dep) ? 'service_completed_successfully' : 'service_healthy';
      if (d.condition !== want) {
        report(
          'depends-healthy',
          `${name} → ${dep}: condition ${d.condition ?? '(none)'}, want ${want}`,
        );
      }
    }
  }

  const app = services.app;
  if (app && services.migrate && !app.depends_on?.migrate) {
    report('migrate-first', 'app does not wait for migrate to complete');
  }

  for (const db of ['postgres', 'redis']) {
    const s = services[db];
    if (!s) continue;
    const nets = Object.keys(s.networks ?? { default: null });
    for (const net of nets) {
      if (!config.networks?.[net]?.internal)
        report('internal-network', `${db} is on ${net}, which is not internal`);
    }
    const data = mounts(s, config).find((m) => m.target === DATA_DIRS[db]);
    if (!data?.named) {
      report('named-volume', `${db} keeps ${DATA_DIRS[db]} outside a named volume`);
    }
  }

  for (const [name, source, target] of MONITORING_MOUNTS) {
    const mount = mounts(services[name], config).find((m) => m.target === target);
    if (!mount || mount.named || !mount.source.endsWith(`/${source}`)) {
      report('monitoring-paths', `${name} does not mount ./${source} at ${target}`);
    }
  }
  return out;
}
