/**
 * Checks for rendered Kubernetes objects: schema validation by kubernetes-models (the
 * Kubernetes 1.33 OpenAPI schemas; prometheus-operator's CRDs for ServiceMonitor and
 * PrometheusRule) and the house policy an on-call engineer relies on. Each function returns
 * human-readable violations (`Kind/name: what`), empty when the objects pass.
 */
import { createRequire } from 'node:module';
import { operationTable } from '../../generated/openapi/operations.js';
import type { K8sObject } from '../../scripts/k8s-render.js';

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const id = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** The kubernetes-models class for an object's apiVersion + kind. */
function modelOf(o: K8sObject): (new (data: unknown) => { validate(): void }) | undefined {
  const [group, version] = o.apiVersion.includes('/')
    ? o.apiVersion.split('/')
    : ['', o.apiVersion];
  const base =
    group === 'monitoring.coreos.com'
      ? '@kubernetes-models/prometheus-operator/monitoring.coreos.com'
      : group
        ? `kubernetes-models/${group}`
        : 'kubernetes-models';
  try {
    const mod = require(`${base}/${version}/${o.kind}`) as Record<string, unknown>;
    return mod[o.kind] as never;
  } catch {
    return undefined;
  }
}

/** Schema validation of every object; an apiVersion/kind no model knows is a violation too. */
export function schemaViolations(objects: K8sObject[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const Model = modelOf(o);
    if (!Model) {
      out.push(`${id(o)}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      out.push(`${id(o)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}

/** GET paths of the contract (the generated route table) a probe may use. */
const getPaths = new Set(operationTable.filter((op) => op.method === 'get').map((op) => op.path));

const WORKLOADS = new Set(['Deployment', 'Job', 'StatefulSet', 'DaemonSet']);
/** Egress the app needs: DNS, PostgreSQL, Redis, OTLP (gRPC and HTTP). */
const ALLOWED_EGRESS_PORTS = new Set([53, 5432, 6379, 4317, 4318]);

const podSpecOf = (o: K8sObject) => obj(obj(obj(o.spec).template).spec);
const templateLabels = (o: K8sObject) =>
  obj(obj(obj(o.spec).template).metadata).labels as Record<string, string> | undefined;

function selects(selector: unknown, labels: Record<string, string> | undefined): boolean {
  const match = obj(obj(selector).matchLabels);
  const keys = Object.keys(match);
  return keys.length > 0 && keys.every((k) => labels?.[k] === match[k]);
}

function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'has no image';
  if (image.includes('@sha256:')) return undefined;
  const afterSlash = image.slice(image.lastIndexOf('/') + 1);
  if (!afterSlash.includes(':')) return `image ${image} has no tag (means latest)`;
  if (afterSlash.endsWith(':latest')) return `image ${image} uses the latest tag`;
  return undefined;
}

function containerViolations(o: K8sObject, pod: Json, c: Json): string[] {
  const where = `${id(o)} container ${String(c.name)}`;
  const out: string[] = [];
  const sc = obj(c.securityContext);
  const podSc = obj(pod.securityContext);
  const img = imageProblem(c.image);
  if (img) out.push(`${where}: ${img}`);
  const res = obj(c.resources);
  for (const [kind, key] of [
    ['requests', 'cpu'],
    ['requests', 'memory'],
    ['limits', 'memory'],
  ] as const) {
    if (obj(res[kind])[key] === undefined) out.push(`${where}: no resources.${kind}.${key}`);
  }
  if (sc.runAsNonRoot !== true && podSc.runAsNonRoot !== true) {
    out.push(`${where}: runAsNonRoot is not true`);
  }
  if (sc.runAsUser === 0 || podSc.runAsUser === 0) out.push(`${where}: runs as uid 0`);
  if (sc.readOnlyRootFilesystem !== true) out.push(`${where}: readOnlyRootFilesystem is not true`);
  if (sc.allowPrivilegeEscalation !== false) {
    out.push(`${where}: allowPrivilegeEscalation is not false`);
  }
  if (sc.privileged === true) out.push(`${where}: is privileged`);
  const caps = obj(sc.capabilities);
  if (!Array.isArray(caps.drop) || !caps.drop.includes('ALL')) {
    out.push(`${where}: capabilities.drop does not include ALL`);
  }
  if (Array.isArray(caps.add) && caps.add.length > 0) {
    out.push(`${where}: adds capabilities ${caps.add.join(', ')}`);
  }
  return out;
}

function probeViolations(o: K8sObject, c: Json): string[] {
  const where = `${id(o)} container ${String(c.name)}`;
  const ports = arr(c.ports);
  const expected = {
    startupProbe: '/api/v1/health',
    livenessProbe: '/api/v1/health',
    readinessProbe: '/api/v1/ready',
  } as const;
  const out: string[] = [];
  for (const [probe, want] of Object.entries(expected)) {
    const http = obj(obj(c[probe]).httpGet);
    if (!isObject(c[probe])) {
      out.push(`${where}: no ${probe}`);
      continue;
    }
    const p = http.path;
    if (typeof p !== 'string' || !getPaths.has(p)) {
      out.push(`${where}: ${probe} path ${String(p)} is not a GET operation of the API`);
    } else if (p !== want) {
      out.push(`${where}: ${probe} should use ${want}, not ${p}`);
    }
    const portOk = ports.some((x) => x.name === http.port || x.containerPort === http.port);
    if (!portOk) out.push(`${where}: ${probe} port ${String(http.port)} is not a container port`);
  }
  return out;
}

const msOf = (v: unknown, fallback: number) => (v === undefined ? fallback : Number(v));

/** preStop sleep + SHUTDOWN_DRAIN_MS + SHUTDOWN_GRACE_MS (defaults 0 and 10 s) must fit. */
function shutdownViolations(o: K8sObject, pod: Json, objects: K8sObject[]): string[] {
  const env: Json = {};
  for (const c of arr(pod.containers)) {
    for (const from of arr(c.envFrom)) {
      const name = obj(from.configMapRef).name;
      const cm = objects.find((x) => x.kind === 'ConfigMap' && x.metadata.name === name);
      Object.assign(env, obj(cm?.data));
    }
    for (const e of arr(c.env)) if (typeof e.value === 'string') env[String(e.name)] = e.value;
  }
  const sleeps = arr(pod.containers).map((c) =>
    Number(obj(obj(obj(c.lifecycle).preStop).sleep).seconds ?? 0),
  );
  const budget =
    Math.max(0, ...sleeps) +
    (msOf(env.SHUTDOWN_DRAIN_MS, 0) + msOf(env.SHUTDOWN_GRACE_MS, 10_000)) / 1000;
  const period = pod.terminationGracePeriodSeconds ?? 30;
  if (typeof period !== 'number' || period <= budget) {
    return [
      `${id(o)}: terminationGracePeriodSeconds ${String(period)} must exceed preStop + drain + grace (${budget} s)`,
    ];
  }
  return [];
}

/** The house policy over one rendered overlay. */
export function policyViolations(objects: K8sObject[]): string[] {
  const out: string[] = [];
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  if (deployments.length === 0) out.push('no Deployment');

  for (const o of objects.filter((x) => WORKLOADS.has(x.kind))) {
    const pod = podSpecOf(o);
    if (pod.hostNetwork === true || pod.hostPID === true || pod.hostIPC === true) {
      out.push(`${id(o)}: shares a host namespace`);
    }
    if (pod.automountServiceAccountToken !== false) {
      out.push(`${id(o)}: automountServiceAccountToken is not false`);
    }
    for (const c of [...arr(pod.initContainers), ...arr(pod.containers)]) {
      out.push(...containerViolations(o, pod, c));
      if (o.kind === 'Deployment') out.push(...probeViolations(o, c));
    }
    if (o.kind === 'Deployment') out.push(...shutdownViolations(o, pod, objects));
  }

  for (const d of deployments) {
    const labels = templateLabels(d);
    if (!of('PodDisruptionBudget').some((p) => selects(obj(p.spec).selector, labels))) {
      out.push(`${id(d)}: no PodDisruptionBudget selects its pods`);
    }
    const hpa = of('HorizontalPodAutoscaler').find(
      (h) => obj(obj(h.spec).scaleTargetRef).name === d.metadata.name,
    );
    if (!hpa) out.push(`${id(d)}: no HorizontalPodAutoscaler targets it`);
    else {
      const s = obj(hpa.spec);
      const cpu = arr(s.metrics).find((m) => obj(m.resource).name === 'cpu');
      const target = obj(obj(obj(cpu).resource).target).averageUtilization;
      if (typeof target !== 'number' || target < 50 || target > 90) {
        out.push(`${id(hpa)}: CPU target ${String(target)} is outside 50–90 %`);
      }
      if (Number(s.maxReplicas) < Number(s.minReplicas ?? 1)) {
        out.push(`${id(hpa)}: maxReplicas is below minReplicas`);
      }
    }
    const np = of('NetworkPolicy').find((n) =>
      selects({ matchLabels: obj(obj(n.spec).podSelector).matchLabels }, labels),
    );
    if (!np) out.push(`${id(d)}: no NetworkPolicy selects its pods`);
    const services = of('Service').filter((s) => {
      const sel = obj(obj(s.spec).selector) as Record<string, string>;
      return Object.keys(sel).length > 0 && selects({ matchLabels: sel }, labels);
    });
    if (services.length === 0) out.push(`${id(d)}: no Service selects its pods`);
  }

  for (const np of of('NetworkPolicy')) {
    const spec = obj(np.spec);
    const types = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
    if (!types.includes('Ingress') || !types.includes('Egress')) {
      out.push(`${id(np)}: policyTypes must include Ingress and Egress`);
    }
    for (const rule of arr(spec.egress)) {
      const ports = arr(rule.ports);
      if (ports.length === 0) out.push(`${id(np)}: an egress rule allows every port`);
      for (const p of ports) {
        if (!ALLOWED_EGRESS_PORTS.has(Number(p.port))) {
          out.push(`${id(np)}: egress to port ${String(p.port)} is not DNS/PostgreSQL/Redis/OTLP`);
        }
      }
    }
  }

  for (const s of of('Secret')) {
    if (s.data !== undefined || s.stringData !== undefined) {
      out.push(`${id(s)}: a committed Secret must be a template without data`);
    }
  }
  for (const sa of of('ServiceAccount')) {
    if (sa.automountServiceAccountToken !== false) {
      out.push(`${id(sa)}: automountServiceAccountToken is not false`);
    }
  }
  for (const ing of of('Ingress')) {
    const spec = obj(ing.spec);
    if (spec.ingressClassName !== 'nginx') out.push(`${id(ing)}: ingressClassName is not nginx`);
    if (arr(spec.tls).length === 0) out.push(`${id(ing)}: no TLS`);
  }
  return out;
}
