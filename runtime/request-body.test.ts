/**
 * Form, multipart and binary request bodies end to end: the fixture specs go through the
 * real generator (`runGen`), the generated `createApi` mounts them on the runtime, and real
 * fetch Requests (URLSearchParams, FormData with files, raw bytes) are sent. Handlers echo
 * what they received, files described by size, type and content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import {
  allowAll,
  generateApp,
  recordingLogger,
  type GeneratedApp,
} from '../test/support/generated-app.js';

type Described = unknown;

/** JSON-safe picture of a handler's body: Blobs become `{ blob: { size, type, text } }`. */
async function describe_(value: unknown): Promise<Described> {
  if (value instanceof Blob) {
    const file = value instanceof File ? { name: value.name } : {};
    return { blob: { size: value.size, type: value.type, text: await value.text(), ...file } };
  }
  if (Array.isArray(value)) return Promise.all(value.map(describe_));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Described> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await describe_(v);
    return { ...out, ...(Object.getPrototypeOf(value) === Object.prototype ? {} : { proto: 1 }) };
  }
  return value;
}

const echo = async (input: { body?: unknown; contentType?: string }) => ({
  status: 200,
  body: { body: await describe_(input.body), contentType: input.contentType ?? null },
});

let app: GeneratedApp;
let app31: GeneratedApp;
let api: Hono;
let api31: Hono;
const logger = recordingLogger();
let download: () => unknown = () => new Uint8Array([1, 2, 3]);

beforeAll(async () => {
  app = await generateApp('test/fixtures/openapi/bodies/api.yaml', 'bodies');
  app31 = await generateApp('test/fixtures/openapi/bodies/api-31.yaml', 'bodies31');
  const options = { auth: allowAll, validateResponses: true, logger };
  api = app.createApi(
    {
      postUrlencoded: echo,
      postMultipart: echo,
      postSettings: echo,
      postOptionalForm: echo,
      uploadRaw: echo,
      uploadText: echo,
      downloadFile: () => ({ status: 200, body: download() }),
    },
    options,
  );
  api31 = app31.createApi(
    { postAvatar: echo, putBlob: () => ({ status: 204 }) },
    { ...options, logger },
  );
}, 60_000);

afterAll(() => {
  app?.cleanup();
  app31?.cleanup();
});

async function send(target: Hono, path: string, init: RequestInit) {
  const res = await target.request(path, { method: 'POST', ...init });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await res.json()) as Record<string, unknown>) : null;
  return { status: res.status, type, body };
}

const form = (body: string) => ({
  body,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** Field paths of a 400 problem's errors, e.g. `body/count`. */
const errorPaths = (body: Record<string, unknown> | null) =>
  ((body?.errors as { in: string; path: string }[]) ?? []).map((e) => `${e.in}${e.path}`);

describe('application/x-www-form-urlencoded: decoded per encoding, coerced per schema', () => {
  it.each<[string, string, Record<string, unknown>]>([
    [
      'scalars',
      'name=a&count=3&ratio=1.5&active=true',
      { name: 'a', count: 3, ratio: 1.5, active: true },
    ],
    ['single-item arrays', 'name=a&tags=x&ids=7', { name: 'a', tags: ['x'], ids: [7] }],
    ['repeated keys (form, explode)', 'name=a&ids=1&ids=2', { name: 'a', ids: [1, 2] }],
    ['`key[]` repeated keys', 'name=a&tags[]=p&tags[]=q', { name: 'a', tags: ['p', 'q'] }],
    ['form, explode: false', 'name=a&csv=1,2,3', { name: 'a', csv: [1, 2, 3] }],
    ['pipeDelimited', 'name=a&piped=x|y', { name: 'a', piped: ['x', 'y'] }],
    ['spaceDelimited', 'name=a&spaced=1.5%202', { name: 'a', spaced: [1.5, 2] }],
    ['deepObject', 'name=a&filter[min]=1&filter[max]=9', { name: 'a', filter: { min: 1, max: 9 } }],
    ['JSON-encoded field', 'name=a&meta=%7B%22level%22%3A2%7D', { name: 'a', meta: { level: 2 } }],
    ['enum', 'name=a&color=red', { name: 'a', color: 'red' }],
    ['percent-encoding and +', 'name=a+b%26c', { name: 'a b&c' }],
  ])('%s: %s', async (_case, body, expected) => {
    const res = await send(api, '/forms/urlencoded', form(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: expected, contentType: 'application/x-www-form-urlencoded' });
  });

  it.each<[string, string, string[]]>([
    ['not a number', 'name=a&count=abc', ['body/count']],
    ['below minimum', 'name=a&count=-1', ['body/count']],
    ['not a boolean', 'name=a&active=yes', ['body/active']],
    ['array item not an integer', 'name=a&ids=1&ids=x', ['body/ids/1']],
    ['deepObject property not an integer', 'name=a&filter[min]=low', ['body/filter/min']],
    ['not in the enum', 'name=a&color=blue', ['body/color']],
    ['required field missing', 'count=1', ['body/name']],
  ])('%s → 400 problem+json at %j', async (_case, body, paths) => {
    const res = await send(api, '/forms/urlencoded', form(body));
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(errorPaths(res.body)).toEqual(paths);
  });

  it('`__proto__` fields and query keys are plain keys: no crash, no prototype change', async () => {
    const res = await send(
      api,
      '/forms/urlencoded?__proto__=q',
      form('name=a&__proto__=x&__proto__=y'),
    );
    expect(res.status).toBe(200);
    // `describe_` would add `proto: 1` had the decoded body lost its plain prototype.
    expect(res.body).toEqual({ body: { name: 'a' }, contentType: expect.any(String) });
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });
});

describe('one component schema behind JSON and a form', () => {
  it.each<[string, RequestInit, number, unknown]>([
    [
      'form: coerced',
      form('limit=5&verbose=false&labels=x'),
      200,
      { limit: 5, verbose: false, labels: ['x'] },
    ],
    [
      'JSON: typed values',
      { body: '{"limit":5}', headers: { 'content-type': 'application/json' } },
      200,
      { limit: 5 },
    ],
    [
      'JSON: strings are not coerced',
      { body: '{"limit":"5"}', headers: { 'content-type': 'application/json' } },
      400,
      ['body/limit'],
    ],
    [
      'form: additionalProperties false rejects unknown fields',
      form('limit=1&extra=1'),
      400,
      ['body/extra'],
    ],
    ['form: an empty required form is an empty object', form(''), 400, ['body/limit']],
  ])('%s', async (_case, init, status, expected) => {
    const res = await send(api, '/forms/settings', init);
    expect(res.status).toBe(status);
    if (status === 200) expect((res.body as { body: unknown }).body).toEqual(expected);
    else expect(errorPaths(res.body)).toEqual(expected);
  });

  it('an empty optional form body is no body', async () => {
    const res = await send(api, '/forms/optional', form(''));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ contentType: null }); // body: undefined
  });
});

const png = () => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const pngText = new TextDecoder().decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));

function multipart(fields: [string, string | Blob, string?][]): RequestInit {
  const fd = new FormData();
  for (const [k, v, filename] of fields) {
    if (typeof v === 'string') fd.append(k, v);
    else fd.append(k, v, filename ?? 'blob');
  }
  return { body: fd };
}

describe('multipart/form-data: files stay Blobs, other parts decoded and coerced', () => {
  it('decodes every kind of part', async () => {
    const res = await send(
      api,
      '/forms/multipart',
      multipart([
        ['title', 'T'],
        ['count', '3'],
        ['flags', 'true'],
        ['flags', 'false'],
        ['file', png(), 'a.png'],
        ['attachments', new Blob(['one']), 'one.txt'],
        ['attachments', new Blob(['two!']), 'two.txt'],
        ['meta', '{"level":1}'],
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      contentType: 'multipart/form-data',
      body: {
        title: 'T',
        count: 3,
        flags: [true, false],
        file: { blob: { size: 4, type: 'image/png', text: pngText, name: 'a.png' } },
        attachments: [
          { blob: { size: 3, type: 'application/octet-stream', text: 'one', name: 'one.txt' } },
          { blob: { size: 4, type: 'application/octet-stream', text: 'two!', name: 'two.txt' } },
        ],
        meta: { level: 1 },
      },
    });
  });

  it.each<[string, [string, string | Blob, string?][], number, unknown]>([
    [
      'a binary field sent as a text part becomes a Blob',
      [['file', 'plain']],
      200,
      { file: { blob: { size: 5, type: '', text: 'plain' } } },
    ],
    [
      'a single file for an array field is a one-item array',
      [
        ['file', png(), 'a.png'],
        ['attachments', new Blob(['x']), 'x'],
      ],
      200,
      expect.objectContaining({
        attachments: [expect.objectContaining({ blob: expect.objectContaining({ text: 'x' }) })],
      }),
    ],
    [
      'a non-binary field sent as a file part is read as text, then coerced',
      [
        ['file', png(), 'a.png'],
        ['count', new Blob(['42'], { type: 'text/plain' }), 'count.txt'],
        ['meta', new Blob(['{"level":7}'], { type: 'application/json' }), 'meta.json'],
      ],
      200,
      expect.objectContaining({ count: 42, meta: { level: 7 } }),
    ],
    ['the required file missing', [['title', 'T']], 400, ['body/file']],
    [
      'a part that is not a number',
      [
        ['file', 'x'],
        ['count', 'many'],
      ],
      400,
      ['body/count'],
    ],
    [
      'a JSON part that is not JSON',
      [
        ['file', 'x'],
        ['meta', '{oops'],
      ],
      400,
      ['body/meta'],
    ],
  ])('%s', async (_case, fields, status, expected) => {
    const res = await send(api, '/forms/multipart', multipart(fields));
    expect(res.status).toBe(status);
    if (status === 200) expect((res.body as { body: unknown }).body).toEqual(expected);
    else expect(errorPaths(res.body)).toEqual(expected);
  });

  it('a malformed multipart body is a 400 problem, not a 500', async () => {
    const res = await send(api, '/forms/multipart', {
      body: '--nope\r\ngarbage',
      headers: { 'content-type': 'multipart/form-data; boundary=other' },
    });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
  });
});

describe('binary bodies arrive as a Blob; text bodies as a string', () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  it.each<[string, string, RequestInit, number, unknown]>([
    [
      'application/octet-stream',
      '/files/raw',
      { body: bytes, headers: { 'content-type': 'application/octet-stream' } },
      200,
      {
        blob: { size: 5, type: 'application/octet-stream', text: new TextDecoder().decode(bytes) },
      },
    ],
    [
      'image/png matched by image/* (no schema)',
      '/files/raw',
      { body: png(), headers: { 'content-type': 'image/png' } },
      200,
      { blob: { size: 4, type: 'image/png', text: pngText } },
    ],
    [
      'text/plain',
      '/files/text',
      { body: 'hello', headers: { 'content-type': 'text/plain' } },
      200,
      'hello',
    ],
    [
      'text/plain too long',
      '/files/text',
      { body: 'hello!', headers: { 'content-type': 'text/plain' } },
      400,
      ['body'],
    ],
    [
      'an empty required binary body',
      '/files/raw',
      { body: new Uint8Array(), headers: { 'content-type': 'application/octet-stream' } },
      400,
      ['body'],
    ],
  ])('%s', async (_case, path, init, status, expected) => {
    const res = await send(api, path, init);
    expect(res.status).toBe(status);
    if (status === 200) expect((res.body as { body: unknown }).body).toEqual(expected);
    else expect(errorPaths(res.body)).toEqual(expected);
  });

  it('an undeclared media type is 415', async () => {
    const res = await send(api, '/files/raw', {
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(415);
  });
});

describe('binary responses: handlers return bytes, buffers, Blobs, strings or streams', () => {
  it.each<[string, () => unknown, string]>([
    ['Uint8Array', () => new Uint8Array([104, 105]), 'hi'],
    ['ArrayBuffer', () => new Uint8Array([104, 105]).buffer, 'hi'],
    ['Blob', () => new Blob(['hi']), 'hi'],
    ['string', () => 'hi', 'hi'],
    [
      'ReadableStream',
      () =>
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new Uint8Array([104]));
            c.enqueue(new Uint8Array([105]));
            c.close();
          },
        }),
      'hi',
    ],
  ])('%s', async (_case, body, text) => {
    download = body;
    const res = await api.request('/files/x');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(await res.text()).toBe(text);
  });

  it('a body that is not bytes fails response validation (500, logged)', async () => {
    download = () => ({ not: 'bytes' });
    logger.lines.length = 0;
    const res = await api.request('/files/x');
    expect(res.status).toBe(500);
    expect(logger.lines.join('\n')).toContain('response does not match the spec');
    logger.lines.length = 0;
  });
});

describe('OpenAPI 3.1: contentMediaType / contentEncoding', () => {
  it('contentMediaType without contentEncoding is a file; with base64 a string', async () => {
    const res = await send(
      api31,
      '/avatars',
      multipart([
        ['image', png(), 'me.png'],
        ['thumbnail', 'iVBORw0KGgo='],
        ['caption', 'hello'],
        ['size', '4'],
      ]),
    );
    expect(res.status).toBe(200);
    expect((res.body as { body: unknown }).body).toEqual({
      image: { blob: { size: 4, type: 'image/png', text: pngText, name: 'me.png' } },
      thumbnail: 'iVBORw0KGgo=',
      caption: 'hello',
      size: 4,
    });
  });

  it('a schema-less application/octet-stream body is accepted as bytes', async () => {
    const res = await api31.request('/blobs', {
      method: 'PUT',
      body: new Uint8Array([1, 2]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(204);
  });

  it('nothing was logged by the runtime along the way', () => {
    expect(logger.lines).toEqual([]);
  });
});
