import { describe, expect, it } from 'vitest';
import {
  compareSpecificity,
  compilePathTemplate,
  matchPath,
  routeTemplate,
  toHonoPath,
} from './path-template.js';
import { toJsonPointer } from './json-pointer.js';

describe('toHonoPath', () => {
  it.each([
    ['/jobs', '/jobs'],
    ['/jobs/{jobId}', '/jobs/:jobId'],
    ['/repos/{owner}/{repo-name}', '/repos/:owner/:p0'],
    ['/files/{name}.json', '/files/:p0{[^/]+\\.json}'],
    ['/lenses/{alias}#ClientRequestToken', '/lenses/:alias'],
  ])('%s → %s', (template, hono) => {
    expect(toHonoPath(template)).toBe(hono);
  });
});

describe('routeTemplate: a #… or ?… suffix names an operation, not a URL', () => {
  it.each([
    ['/jobs/{id}', '/jobs/{id}'],
    ['/#X-Amz-Target=Svc.Op', '/'],
    ['/consolidatedReport#Format', '/consolidatedReport'],
    ['/{Bucket}?uploads', '/{Bucket}'],
    ['/cookies#formExploded', '/cookies'],
  ])('%s → %s', (template, route) => {
    expect(routeTemplate(template)).toBe(route);
  });

  it('matching ignores the suffix', () => {
    expect(matchPath(compilePathTemplate('', '/lenses/{alias}#Token'), '/lenses/a')).toEqual({
      alias: 'a',
    });
  });
});

describe('matchPath', () => {
  it.each([
    ['/api', '/jobs/{jobId}', '/api/jobs/abc', { jobId: 'abc' }],
    ['', '/jobs/{jobId}', '/jobs/a%2Fb%20c', { jobId: 'a/b c' }],
    ['', '/files/{name}.json', '/files/report.json', { name: 'report' }],
    ['', '/repos/{owner}/{repo-name}', '/repos/o/r', { owner: 'o', 'repo-name': 'r' }],
    ['', '/jobs/{jobId}', '/jobs/a/b', null],
    ['', '/jobs/{jobId}', '/jobs/%E0%A4%A', null],
    ['/api/', '/jobs', '/api/jobs', {}],
  ])('%s + %s matches %s', (base, template, pathname, expected) => {
    expect(matchPath(compilePathTemplate(base, template), pathname)).toEqual(expected);
  });
});

describe('compareSpecificity', () => {
  it('mounts literal segments before mixed before parameters', () => {
    const sorted = [
      '/jobs/{jobId}',
      '/jobs/{name}.json',
      '/jobs/search',
      '/jobs/{jobId}/close',
    ].sort(compareSpecificity);
    expect(sorted).toEqual([
      '/jobs/search',
      '/jobs/{name}.json',
      '/jobs/{jobId}',
      '/jobs/{jobId}/close',
    ]);
  });
});

describe('toJsonPointer', () => {
  it.each([
    [[], ''],
    [['salaryMin'], '/salaryMin'],
    [['tags', 3], '/tags/3'],
    [['a/b', 'm~n'], '/a~1b/m~0n'],
  ])('%j → %s', (path, pointer) => {
    expect(toJsonPointer(path)).toBe(pointer);
  });
});
