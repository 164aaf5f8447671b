import { describe, expect, it } from 'vitest';
import { mentionsOperation } from './stubs.js';
import { kebabCase, pascalCase, serverBasePath } from './op-names.js';
import type { ApiIR } from './ir.js';

describe('mentionsOperation (the "missing from handler file" check)', () => {
  it.each([
    ['listJobs: () => x', 'listJobs', true],
    ['  async listJobs(input) {', 'listJobs', true],
    ["'delete-job': () => x", 'delete-job', true],
    ['listJobsV2: () => x', 'listJobs', false],
    ['// TODO listJobs later', 'listJobs', false],
    ['relistJobs: () => x', 'listJobs', false],
  ])('%j mentions %s: %s', (source, id, expected) => {
    expect(mentionsOperation(source, id)).toBe(expected);
  });
});

describe('names', () => {
  it.each([
    ['listJobs', 'ListJobs', 'list-jobs'],
    ['delete-job', 'DeleteJob', 'delete-job'],
    ['Job Admin', 'JobAdmin', 'job-admin'],
    ['repos/get-content', 'ReposGetContent', 'repos-get-content'],
    ['2fa', '_2fa', '2fa'],
  ])('%s → %s / %s', (text, pascal, kebab) => {
    expect(pascalCase(text)).toBe(pascal);
    expect(kebabCase(text)).toBe(kebab);
  });

  it.each([
    [undefined, ''],
    ['/api/v1/', '/api/v1'],
    ['https://example.com/v2', '/v2'],
    ['http://localhost:3000', ''],
    ['https://{region}.example.com/v1', ''],
  ])('server %s → base path %j', (url, base) => {
    const ir = { document: url === undefined ? {} : { servers: [{ url }] } } as unknown as ApiIR;
    expect(serverBasePath(ir)).toBe(base);
  });
});
