/**
 * The bundle stage of `loadApi` through the stage cache (load.ts `bundledDocument`): a hit
 * skips Redocly, so it must never serve a bundle whose `$ref`d files changed, nor one JSON
 * could not store faithfully.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyText, withCache } from '../cache/context.js';
import { toolkitFingerprint } from '../cache/fingerprint.js';
import { writeCache, type CacheStore } from '../cache/store.js';
import { bundledDocument, loadApi } from './load.js';

let work: string;
let store: CacheStore;
let spec: string;
let component: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'spec-suite-bundle-cache-'));
  store = { dir: path.join(work, 'cache') };
  await cp('test/fixtures/openapi/jobboard', path.join(work, 'spec'), { recursive: true });
  spec = path.join(work, 'spec', 'api-spec.yaml');
  component = path.join(work, 'spec', 'components', 'job.yaml');
});
afterAll(() => rm(work, { recursive: true, force: true }));

const cachedLoad = () => withCache(store, () => loadApi(spec, { sourcePath: 'api-spec.yaml' }));
const entries = () => readdir(path.join(store.dir, 'openapi-bundle')).catch(() => []);

describe('the OpenAPI bundle through the stage cache', () => {
  it('gives what an uncached load gives, and keeps one entry per entry-file text', async () => {
    const uncached = await loadApi(spec, { sourcePath: 'api-spec.yaml' });
    expect(await cachedLoad()).toEqual(uncached);
    expect(await cachedLoad()).toEqual(uncached);
    expect(await entries()).toHaveLength(1);
  });

  it('serves a stored bundle without bundling again', async () => {
    // Replace the stored entry: a load that still bundled would not see this title.
    const key = keyText([toolkitFingerprint(), [spec, await readFile(spec, 'utf8')]]);
    const stored = await withCache(store, () => bundledDocument(spec, 'api-spec.yaml'));
    const edited = { ...(stored as object), info: { title: 'From the cache', version: '1' } };
    await writeCache(store, 'openapi-bundle', key, { document: edited, refs: [], plain: true });
    expect((await cachedLoad()).info.title).toBe('From the cache');
  });

  it('bundles again when a $ref-ed file changed, though the entry file did not', async () => {
    const text = await readFile(component, 'utf8');
    await writeFile(component, text.replace('maxLength: 120', 'maxLength: 99'));
    await rm(path.join(store.dir, 'openapi-bundle'), { recursive: true, force: true });
    const first = await cachedLoad(); // stores refs with job.yaml's current sha
    expect(first.schemas.Job!.properties!.title!.maxLength).toBe(99);
    await writeFile(component, text.replace('maxLength: 120', 'maxLength: 77'));
    const second = await cachedLoad();
    expect(second.schemas.Job!.properties!.title!.maxLength).toBe(77);
    expect(second).toEqual(await loadApi(spec, { sourcePath: 'api-spec.yaml' }));
  });

  it('never serves a document JSON cannot hold (.nan) from the cache', async () => {
    const odd = path.join(work, 'spec', 'odd.yaml');
    const text = await readFile(spec, 'utf8');
    await writeFile(odd, text.replace('info:\n', 'info:\n  x-ratio: .nan\n'));
    const once = await withCache(store, () => bundledDocument(odd, 'odd.yaml'));
    const twice = await withCache(store, () => bundledDocument(odd, 'odd.yaml'));
    expect((once as { info: Record<string, unknown> }).info['x-ratio']).toBeNaN();
    expect((twice as { info: Record<string, unknown> }).info['x-ratio']).toBeNaN();
  });
});
