import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OperationValidators } from './contract.js';
import { mountOperations } from './create-api.js';
import type { OperationDef } from './operation.js';
import { MAX_FIELD_ERRORS } from './problem.js';
import {
  NUL_MESSAGE,
  UNPAIRED_SURROGATE_MESSAGE,
  unstorableReason,
  unstorableText,
} from './storable-text.js';
import { stderrRuntimeLogger } from '../test/support/runtime-logger.js';

describe('unstorableReason', () => {
  it.each([
    ['plain text', 'hello', undefined],
    ['empty', '', undefined],
    ['a paired surrogate (emoji)', 'job 😀', undefined],
    ['non-Latin text', 'Ingénieure · 工程师', undefined],
    ['NUL inside', 'a\u0000b', NUL_MESSAGE],
    ['NUL alone', '\u0000', NUL_MESSAGE],
    ['a lone high surrogate', 'a\ud800b', UNPAIRED_SURROGATE_MESSAGE],
    ['a lone low surrogate', '\udc00', UNPAIRED_SURROGATE_MESSAGE],
    ['reversed pair', '\ude00\ud83d', UNPAIRED_SURROGATE_MESSAGE],
  ])('%s', (_name, text, expected) => {
    expect(unstorableReason(text)).toBe(expected);
  });
});

describe('unstorableText', () => {
  it('names every bad value and key by JSON pointer, at any depth', () => {
    const value = {
      ok: 'fine',
      title: 'a\u0000b',
      tags: ['x', 'y\u0000', { 'k/e~y': '\ud800' }],
      ['bad\u0000key']: 'v',
      nested: { deeper: { deepest: ['\u0000'] } },
      count: 3,
      flag: true,
      nothing: null,
    };
    const errors = unstorableText('body', value);
    expect(errors).toEqual(
      expect.arrayContaining([
        { in: 'body', path: '/title', message: NUL_MESSAGE },
        { in: 'body', path: '/tags/1', message: NUL_MESSAGE },
        { in: 'body', path: '/tags/2/k~1e~0y', message: UNPAIRED_SURROGATE_MESSAGE },
        { in: 'body', path: '/bad\u0000key', message: NUL_MESSAGE },
        { in: 'body', path: '/nested/deeper/deepest/0', message: NUL_MESSAGE },
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('a bare string is the part itself', () => {
    expect(unstorableText('body', 'x\u0000')).toEqual([
      { in: 'body', path: '', message: NUL_MESSAGE },
    ]);
  });

  it('exempts binary values and non-plain objects', () => {
    const blob = new Blob(['a\u0000b']);
    const file = new File(['\u0000'], 'cv.pdf');
    expect(unstorableText('body', { blob, file, at: new Date(0), list: [blob] })).toEqual([]);
  });

  it('survives nesting deeper than the call stack and caps its findings', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(unstorableText('body', deep)).toHaveLength(1);
    const many = Array.from({ length: 5000 }, () => '\u0000');
    expect(unstorableText('query', many)).toHaveLength(MAX_FIELD_ERRORS);
  });
});

// Through the pipeline: one hand-made operation with every surface.
const validators: OperationValidators = {
  path: z.object({ name: z.string() }),
  query: z.object({
    q: z
      .array(z.string())
      .optional()
      .transform((v) => v?.[0]),
  }),
  header: z.object({ 'x-note': z.string().optional() }),
  cookie: z.object({ pref: z.string().optional() }),
  body: {
    required: false,
    content: {
      'application/json': z.object({ title: z.string(), meta: z.record(z.string(), z.unknown()) }),
      'application/x-www-form-urlencoded': z.object({
        title: z.array(z.string()).transform((v) => v[0]),
      }),
      'multipart/form-data': z.object({
        title: z.array(z.string()).transform((v) => v[0]),
        cv: z.array(z.instanceof(Blob)).optional(),
      }),
      'text/plain': z.string(),
      'application/octet-stream': z.instanceof(Blob),
    },
  },
  responses: { '204': { content: {} } },
};
const contentTypes = Object.keys(validators.body!.content);
const echo: OperationDef = {
  operationId: 'echo',
  method: 'post',
  path: '/things/{name}',
  honoPath: '/things/:name',
  tags: [],
  security: 'public',
  permissions: [],
  requestBody: { required: false, contentTypes },
  responses: { '204': [] },
  validators,
};
let handled = 0;
const app = mountOperations(
  [echo],
  { echo: () => (handled++, { status: 204 }) },
  {
    auth: {
      authenticate: async () => ({ ok: false, status: 401, detail: '' }),
      authorize: () => false,
    },
    validateResponses: true,
    logger: stderrRuntimeLogger,
  },
);

async function send(path: string, init: RequestInit = {}) {
  const res = await app.request(`http://localhost${path}`, { method: 'POST', ...init });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

describe('the pipeline refuses unstorable text on every surface', () => {
  const form = (title: string, withFile = false) => {
    const f = new FormData();
    f.append('title', title);
    if (withFile) f.append('cv', new File(['%PDF\u0000binary'], 'cv.pdf'));
    return f;
  };
  it.each([
    ['path', '/things/a%00b', {}, { in: 'path', path: '/name' }],
    ['query', '/things/x?q=a%00b', {}, { in: 'query', path: '/q' }],
    ['cookie', '/things/x', { headers: { cookie: 'pref=a%00b' } }, { in: 'cookie', path: '/pref' }],
    [
      'JSON body, nested key',
      '/things/x',
      {
        headers: { 'content-type': 'application/json' },
        body: '{"title":"t","meta":{"a":{"b":["ok","x\\u0000"]}}}',
      },
      { in: 'body', path: '/meta/a/b/1' },
    ],
    [
      'JSON body, lone surrogate escape',
      '/things/x',
      { headers: { 'content-type': 'application/json' }, body: '{"title":"\\ud800","meta":{}}' },
      { in: 'body', path: '/title', message: UNPAIRED_SURROGATE_MESSAGE },
    ],
    [
      'form body',
      '/things/x',
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'title=a%00b',
      },
      { in: 'body', path: '/title' },
    ],
    ['multipart field', '/things/x', { body: form('a\u0000b') }, { in: 'body', path: '/title' }],
    [
      'text body',
      '/things/x',
      { headers: { 'content-type': 'text/plain' }, body: 'a\u0000b' },
      { in: 'body', path: '' },
    ],
  ])('%s → 400 naming the field', async (_name, path, init, field) => {
    const before = handled;
    const res = await send(path, init as RequestInit);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://jobboard.dev/problems/validation');
    if (field) expect(res.body.errors).toEqual([expect.objectContaining(field)]);
    expect(handled).toBe(before);
  });

  it('surrogate bytes in a URL decode to U+FFFD, which is storable', async () => {
    // %ED%A0%80 is not valid UTF-8: URLSearchParams decodes it to replacement characters.
    // A lone surrogate can only arrive through a JSON \u escape (tested above). Header
    // values cannot carry NUL at all: Node's HTTP parser and the Headers class refuse it.
    const res = await send('/things/x?q=%ED%A0%80');
    expect(res.status).toBe(204);
  });

  it.each([
    ['binary body', { headers: { 'content-type': 'application/octet-stream' }, body: 'a\u0000b' }],
    ['multipart file part', { body: form('fine', true) }],
    [
      'clean JSON',
      { headers: { 'content-type': 'application/json' }, body: '{"title":"t","meta":{}}' },
    ],
  ])('%s is accepted', async (_name, init) => {
    const res = await send('/things/x', init as RequestInit);
    expect(res.status).toBe(204);
  });
});
