/**
 * deploy/k8s: every overlay renders to its committed golden file, every object passes the
 * Kubernetes schemas (kubernetes-models) and the house policy (test/infra/k8s-policy.ts),
 * the overlays differ where environments must, and the ConfigMap is a configuration the
 * app accepts. Planted violations under test/fixtures/infra/k8s/ must fail.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../app/config.js';
import {
  expectedFiles,
  K8S_DIR,
  overlayNames,
  renderKustomization,
  ROOT,
  type K8sObject,
} from '../../scripts/k8s-render.js';
import { policyViolations, schemaViolations } from './k8s-policy.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/infra/k8s');
const overlays = overlayNames();
const rendered = Object.fromEntries(
  overlays.map((name) => [name, renderKustomization(path.join(K8S_DIR, 'overlays', name))]),
);
const find = (objects: K8sObject[], kind: string, name = 'jobboard') =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as K8sObject & {
    spec: Record<string, never>;
    data?: Record<string, string>;
  };

describe('rendering', () => {
  it('has the three environments', () => {
    expect(overlays).toEqual(['dev', 'prod', 'staging']);
  });

  it('matches the committed golden files and the generated PrometheusRule (npm run k8s:render)', () => {
    for (const [file, content] of expectedFiles()) {
      expect(readFileSync(file, 'utf8'), path.relative(ROOT, file)).toBe(content);
    }
  });
});

describe.each(overlays)('overlay %s', (name) => {
  const objects = rendered[name]!;

  it('passes the Kubernetes schemas', () => {
    expect(schemaViolations(objects)).toEqual([]);
  });

  it('passes the policy checks', () => {
    expect(policyViolations(objects)).toEqual([]);
  });

  it('puts every namespaced object into its own namespace', () => {
    for (const o of objects) {
      expect(o.metadata.namespace ?? o.metadata.name, `${o.kind}/${o.metadata.name}`).toBe(
        `jobboard-${name}`,
      );
    }
  });

  it('configures the app with values its config loader accepts (secrets filled in)', () => {
    const data = find(objects, 'ConfigMap', 'jobboard-config').data ?? {};
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const secrets = {
      DATABASE_URL: 'postgres://app@db.internal:5432/jobboard',
      REDIS_URL: 'redis://redis.internal:6379',
      AUTH_KEYS: JSON.stringify([{ kid: 'k1', privateKey: pem }]),
      AUTH_ACTIVE_KID: 'k1',
      METRICS_TOKEN: 'x'.repeat(40),
    };
    const config = loadConfig({ ...data, ...secrets });
    expect(config).toMatchObject({ env: 'production', port: 3000, shutdownGraceMs: 10_000 });
    // Without the Secret's keys production refuses to start: the template is not optional.
    expect(() => loadConfig(data)).toThrow(/AUTH_KEYS or AUTH_PRIVATE_KEY/);
  });
});

describe('environments differ where they must', () => {
  const hpa = (env: string) => find(rendered[env]!, 'HorizontalPodAutoscaler').spec;
  const api = (env: string) =>
    (
      find(rendered[env]!, 'Deployment').spec as unknown as {
        template: {
          spec: { containers: { image: string; resources: { requests: { cpu: string } } }[] };
        };
      }
    ).template.spec.containers[0]!;

  it('scales from small dev to a wider, more cautious prod', () => {
    expect([hpa('dev').minReplicas, hpa('staging').minReplicas, hpa('prod').minReplicas]).toEqual([
      1, 2, 3,
    ]);
    expect(hpa('prod').maxReplicas).toBeGreaterThan(hpa('staging').maxReplicas);
    const cpu = (env: string) =>
      (hpa(env).metrics as { resource: { target: { averageUtilization: number } } }[])[0]!.resource
        .target.averageUtilization;
    expect([cpu('dev'), cpu('staging'), cpu('prod')]).toEqual([90, 70, 50]);
  });

  it('pins a different image tag and sizes resources per environment', () => {
    const images = overlays.map((env) => api(env).image);
    expect(new Set(images).size).toBe(3);
    for (const image of images) expect(image).toMatch(/^ghcr\.io\/[^/]+\/jobboard-spec-suite:/);
    expect(new Set(overlays.map((env) => api(env).resources.requests.cpu)).size).toBe(3);
  });
});

/** Renders a fixture overlay (a real overlay plus a planted violation). */
const fixture = (name: string) => renderKustomization(path.join(FIXTURES, name));

describe('planted violations fail', () => {
  it.each([
    ['no-probes', [/no startupProbe/, /no livenessProbe/, /no readinessProbe/]],
    ['latest-tag', [/jobboard-spec-suite:latest uses the latest tag/]],
    [
      'privileged',
      [
        /is privileged/,
        /runAsNonRoot is not true/,
        /runs as uid 0/,
        /allowPrivilegeEscalation is not false/,
        /readOnlyRootFilesystem is not true/,
        /drop does not include ALL/,
        /adds capabilities NET_ADMIN/,
      ],
    ],
    ['secret-data', [/Secret\/jobboard-secrets: a committed Secret must be a template/]],
    [
      'short-grace',
      [
        /terminationGracePeriodSeconds 15 must exceed preStop \+ drain \+ grace \(20 s\)/,
        /readinessProbe path \/healthz is not a GET operation of the API/,
        /CPU target 95 is outside 50–90 %/,
      ],
    ],
    [
      'missing-guards',
      [
        /no PodDisruptionBudget selects its pods/,
        /no HorizontalPodAutoscaler targets it/,
        /no NetworkPolicy selects its pods/,
      ],
    ],
  ])('%s', (name, expected) => {
    const violations = policyViolations(fixture(name));
    for (const re of expected)
      expect(
        violations.some((v) => re.test(v)),
        String(re),
      ).toBe(true);
  });

  it('schema-invalid: the Kubernetes schemas refuse a string port and a list for a number', () => {
    const violations = schemaViolations(fixture('schema-invalid'));
    expect(violations).toEqual([
      expect.stringMatching(/^Deployment\/jobboard: .*containerPort must be integer/),
      expect.stringMatching(/^PodDisruptionBudget\/jobboard: .*maxUnavailable/),
    ]);
  });

  it('an object no schema knows is a violation, not a pass', () => {
    const odd = YAML.parse('apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }');
    expect(schemaViolations([odd])).toEqual(['Widget/w: no schema for example.com/v1 Widget']);
  });
});
