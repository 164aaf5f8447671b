/**
 * `npm run k8s:render [-- --check]`: renders every overlay under deploy/k8s/overlays/ into
 * deploy/k8s/rendered/<overlay>.yaml, the reviewed output `kubectl apply -k` would apply.
 *
 * kustomize is not installable here (not in Debian 12, not on npm), so this is the SUBSET
 * of kustomize the manifests use, with kustomize's semantics: `resources` (files, or
 * folders holding a kustomization.yaml, rendered first), `namespace`, `labels` (pairs,
 * includeTemplates; never selectors), `images` (newName/newTag/digest) and `patches`
 * (strategic merge by file, targeted by kind + name). Any other kustomization field is an
 * error, so a manifest change that needs more kustomize fails here instead of rendering
 * something kustomize would not.
 *
 * It also writes deploy/k8s/base/prometheusrule.yaml from monitoring/prometheus/rules/, so
 * the prometheus-operator rules and the promtool-tested rule files are one source.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';

export type K8sObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

type Json = Record<string, unknown>;

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'patches',
]);

/** Kinds kustomize never puts a namespace on (the ones this repo could meet). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
]);

/** kustomize's legacy output order: these kinds first, in this order; the rest by kind. */
const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** Strategic-merge keys of the lists this repo patches (k8s.io/api patchMergeKey). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  topologySpreadConstraints: 'topologyKey',
};

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export class RenderError extends Error {
  override name = 'RenderError';
}

/**
 * Strategic merge of `patch` into `base` (a new object): maps merge, `null` deletes a key,
 * lists with a known merge key merge element-wise, every other list is replaced.
 */
export function strategicMerge(base: unknown, patch: unknown, key?: string): unknown {
  if (Array.isArray(patch)) {
    const mergeKey = key ? MERGE_KEYS[key] : undefined;
    if (!mergeKey || !Array.isArray(base)) return structuredClone(patch);
    const out = base.map((x) => structuredClone(x) as unknown);
    for (const item of patch) {
      const id = isObject(item) ? item[mergeKey] : undefined;
      const at = out.findIndex((x) => isObject(x) && id !== undefined && x[mergeKey] === id);
      if (at === -1) out.push(structuredClone(item));
      else out[at] = strategicMerge(out[at], item);
    }
    return out;
  }
  if (!isObject(patch) || !isObject(base)) return structuredClone(patch);
  const out: Json = structuredClone(base);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? strategicMerge(out[k], v, k) : structuredClone(v);
  }
  return out;
}

function readYamlDocs(file: string): K8sObject[] {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  const out: K8sObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new RenderError(`${file}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value === null) continue;
    if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata)) {
      throw new RenderError(`${file}: every document needs apiVersion, kind and metadata`);
    }
    out.push(value as K8sObject);
  }
  return out;
}

/** The pod templates of a workload, where labels (includeTemplates) and images apply. */
function podTemplates(obj: K8sObject): Json[] {
  const spec = obj.spec;
  if (!isObject(spec)) return [];
  if (obj.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    const t = isObject(jt) && isObject(jt.spec) ? jt.spec.template : undefined;
    return isObject(t) ? [t] : [];
  }
  return isObject(spec.template) ? [spec.template] : [];
}

function containersOf(obj: K8sObject): Json[] {
  const specs = obj.kind === 'Pod' && isObject(obj.spec) ? [obj.spec] : [];
  for (const t of podTemplates(obj)) if (isObject(t.spec)) specs.push(t.spec);
  return specs.flatMap((s) =>
    ['initContainers', 'containers'].flatMap((k) =>
      Array.isArray(s[k]) ? (s[k] as unknown[]).filter(isObject) : [],
    ),
  );
}

/** `repo/name:tag@digest` → `repo/name` (a registry port's colon is not a tag). */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function applyImages(objects: K8sObject[], rules: ImageRule[]): void {
  for (const obj of objects) {
    for (const c of containersOf(obj)) {
      if (typeof c.image !== 'string') continue;
      const rule = rules.find((r) => r.name === imageName(c.image as string));
      if (!rule) continue;
      const current = c.image;
      const name = rule.newName ?? imageName(current);
      const oldRef = current.slice(imageName(current).length);
      const ref = rule.digest ? `@${rule.digest}` : rule.newTag ? `:${rule.newTag}` : oldRef;
      c.image = `${name}${ref}`;
    }
  }
}

interface LabelRule {
  pairs: Record<string, string>;
  includeTemplates?: boolean;
  includeSelectors?: boolean;
}

function applyLabels(objects: K8sObject[], rules: LabelRule[]): void {
  for (const rule of rules) {
    if (rule.includeSelectors) {
      throw new RenderError('labels.includeSelectors is not supported (selectors are immutable)');
    }
    for (const obj of objects) {
      obj.metadata.labels = { ...obj.metadata.labels, ...rule.pairs };
      if (!rule.includeTemplates) continue;
      for (const t of podTemplates(obj)) {
        const meta = isObject(t.metadata) ? t.metadata : (t.metadata = {});
        meta.labels = { ...(isObject(meta.labels) ? meta.labels : {}), ...rule.pairs };
      }
    }
  }
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

function applyPatch(objects: K8sObject[], patch: K8sObject, from: string): void {
  const at = objects.findIndex(
    (o) =>
      o.kind === patch.kind &&
      o.metadata.name === patch.metadata.name &&
      groupOf(o.apiVersion) === groupOf(patch.apiVersion),
  );
  if (at === -1) {
    throw new RenderError(`${from}: no ${patch.kind} named ${patch.metadata.name} to patch`);
  }
  objects[at] = strategicMerge(objects[at], patch) as K8sObject;
}

function orderKey(obj: K8sObject): [number, string] {
  const first = ORDER_FIRST.indexOf(obj.kind);
  const last = ORDER_LAST.indexOf(obj.kind);
  const rank =
    first !== -1 ? first : last !== -1 ? ORDER_FIRST.length + 1 + last : ORDER_FIRST.length;
  return [rank, `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`];
}

/** The objects a kustomization folder renders to, in kustomize's output order. */
export function renderKustomization(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new RenderError(`${dir}: no kustomization.yaml`);
  const k = YAML.parse(readFileSync(file, 'utf8')) as Json;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) {
    throw new RenderError(`${file}: unsupported kustomization fields: ${unsupported.join(', ')}`);
  }
  const objects: K8sObject[] = [];
  for (const entry of (k.resources as string[] | undefined) ?? []) {
    const p = path.resolve(dir, entry);
    if (!existsSync(p)) throw new RenderError(`${file}: resource ${entry} does not exist`);
    objects.push(...(statSync(p).isDirectory() ? renderKustomization(p) : readYamlDocs(p)));
  }
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
    if (seen.has(id)) throw new RenderError(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
  for (const p of (k.patches as { path?: string }[] | undefined) ?? []) {
    if (!p.path || Object.keys(p).length !== 1) {
      throw new RenderError(`${file}: only file patches ({ path }) are supported`);
    }
    for (const patch of readYamlDocs(path.resolve(dir, p.path))) applyPatch(objects, patch, p.path);
  }
  if (typeof k.namespace === 'string') {
    for (const o of objects) {
      if (CLUSTER_SCOPED.has(o.kind)) continue;
      const { name, namespace: _old, ...rest } = o.metadata;
      o.metadata = { name, namespace: k.namespace, ...rest };
    }
  }
  applyLabels(objects, (k.labels as LabelRule[] | undefined) ?? []);
  applyImages(objects, (k.images as ImageRule[] | undefined) ?? []);
  return objects
    .map((o) => ({ o, key: orderKey(o) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1].localeCompare(b.key[1]))
    .map(({ o }) => o);
}

export function toYamlStream(objects: K8sObject[], source: string): string {
  const header =
    `# GENERATED by scripts/k8s-render.ts from ${source}. DO NOT EDIT.\n` +
    '# Change the kustomization and run `npm run k8s:render`.\n';
  return header + objects.map((o) => `---\n${YAML.stringify(o, { lineWidth: 0 })}`).join('');
}

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const K8S_DIR = path.join(ROOT, 'deploy/k8s');
export const RULES_DIR = path.join(ROOT, 'monitoring/prometheus/rules');

export function overlayNames(root = K8S_DIR): string[] {
  return readdirSync(path.join(root, 'overlays')).sort();
}

/** The alerting/recording rule groups of monitoring/prometheus/rules/*.rules.yml, in file order. */
export function ruleGroups(rulesDir = RULES_DIR): Json[] {
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith('.rules.yml'))
    .sort()
    .flatMap(
      (f) => (YAML.parse(readFileSync(path.join(rulesDir, f), 'utf8')) as Json).groups as Json[],
    );
}

export function prometheusRuleYaml(groups: Json[]): string {
  const obj = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'jobboard',
      labels: { 'app.kubernetes.io/name': 'jobboard', release: 'prometheus' },
    },
    spec: { groups },
  };
  return (
    '# GENERATED by scripts/k8s-render.ts from monitoring/prometheus/rules/. DO NOT EDIT.\n' +
    YAML.stringify(obj, { lineWidth: 0 })
  );
}

/** Every file the command owns, path → expected content. */
export function expectedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(path.join(K8S_DIR, 'base/prometheusrule.yaml'), prometheusRuleYaml(ruleGroups()));
  for (const name of overlayNames()) {
    const source = `deploy/k8s/overlays/${name}`;
    files.set(
      path.join(K8S_DIR, 'rendered', `${name}.yaml`),
      toYamlStream(renderKustomization(path.join(ROOT, source)), source),
    );
  }
  return files;
}

function main(): void {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  // The PrometheusRule is an input of the base: write it before rendering when not checking.
  if (!values.check) {
    writeFileSync(path.join(K8S_DIR, 'base/prometheusrule.yaml'), prometheusRuleYaml(ruleGroups()));
  }
  const drift: string[] = [];
  for (const [file, content] of expectedFiles()) {
    const rel = path.relative(ROOT, file);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (values.check) drift.push(rel);
    else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      console.log(`wrote ${rel}`);
    }
  }
  if (drift.length > 0) {
    console.error(`out of date (run \`npm run k8s:render\`): ${drift.join(', ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
