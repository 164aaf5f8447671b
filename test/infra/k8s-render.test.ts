/**
 * scripts/k8s-render.ts, the kustomize subset deploy/k8s uses: strategic merge, image
 * rewriting, labels, namespaces, output order, and a loud refusal of anything else.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  imageName,
  K8S_DIR,
  renderKustomization,
  RenderError,
  ROOT,
  strategicMerge,
} from '../../scripts/k8s-render.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/infra/k8s');

describe('strategicMerge', () => {
  it.each([
    ['maps merge', { a: 1, b: { c: 2 } }, { b: { d: 3 } }, { a: 1, b: { c: 2, d: 3 } }],
    ['null deletes a key', { a: 1, b: 2 }, { b: null }, { a: 1 }],
    ['plain lists are replaced', { args: ['a', 'b'] }, { args: ['c'] }, { args: ['c'] }],
    [
      'containers merge by name, new ones are appended',
      { containers: [{ name: 'api', image: 'x', ports: [1] }] },
      {
        containers: [
          { name: 'api', image: 'y' },
          { name: 'side', image: 'z' },
        ],
      },
      {
        containers: [
          { name: 'api', image: 'y', ports: [1] },
          { name: 'side', image: 'z' },
        ],
      },
    ],
    [
      'env merges by name inside a merged container',
      { containers: [{ name: 'api', env: [{ name: 'A', value: '1' }] }] },
      { containers: [{ name: 'api', env: [{ name: 'B', value: '2' }] }] },
      {
        containers: [
          {
            name: 'api',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
        ],
      },
    ],
  ])('%s', (_name, base, patch, expected) => {
    expect(strategicMerge(base, patch)).toEqual(expected);
    expect(base).not.toEqual(expected); // the input is left alone
  });
});

describe('imageName', () => {
  it.each([
    ['app', 'app'],
    ['app:1.0', 'app'],
    ['registry:5000/team/app:1.0', 'registry:5000/team/app'],
    ['registry:5000/team/app', 'registry:5000/team/app'],
    ['ghcr.io/o/app@sha256:abc', 'ghcr.io/o/app'],
  ])('%s → %s', (image, name) => {
    expect(imageName(image)).toBe(name);
  });
});

describe('renderKustomization', () => {
  const prod = renderKustomization(path.join(K8S_DIR, 'overlays/prod'));

  it('orders objects as kustomize does: namespace and config first, workloads after', () => {
    const kinds = prod.map((o) => o.kind);
    expect(kinds.slice(0, 6)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'Secret',
      'Service',
      'Deployment',
    ]);
  });

  it('labels pod templates but never selectors (they are immutable)', () => {
    const d = prod.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { selector: { matchLabels: object }; template: { metadata: { labels: object } } };
    };
    expect(d.spec.template.metadata.labels).toMatchObject({ environment: 'prod' });
    expect(d.spec.selector.matchLabels).not.toHaveProperty('environment');
  });

  it('rewrites images in every workload, the migration Job included', () => {
    const images = prod
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .map(
        (o) =>
          (o as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } })
            .spec.template.spec.containers[0]!.image,
      );
    expect(images).toEqual([
      'ghcr.io/example/jobboard-spec-suite:0.1.0',
      'ghcr.io/example/jobboard-spec-suite:0.1.0',
    ]);
  });

  it.each([
    ['unsupported', /unsupported kustomization fields: commonLabels/],
    ['missing-target', /no Deployment named jobbord to patch/],
  ])('refuses the %s fixture', (name, message) => {
    expect(() => renderKustomization(path.join(FIXTURES, name))).toThrow(RenderError);
    expect(() => renderKustomization(path.join(FIXTURES, name))).toThrow(message);
  });

  it('refuses a folder without a kustomization', () => {
    expect(() => renderKustomization(FIXTURES)).toThrow(/no kustomization.yaml/);
  });
});
