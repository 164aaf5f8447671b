/**
 * The static side of form and binary bodies: openapi-typescript's types (Blob for raw bytes,
 * via `binaryAsBlob` and types-input's binary request bodies) and the Handlers interface
 * (BinaryBody for binary responses) say what the runtime delivers. A handler module written
 * against the generated fixture output is type-checked by tsc, including lines that must
 * NOT compile (`@ts-expect-error` fails the check if they do).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApp, type GeneratedApp } from '../../test/support/generated-app.js';
import { typecheck } from '../../test/robustness/generate.js';

let app: GeneratedApp;
let app31: GeneratedApp;
const read = (a: GeneratedApp, file: string) =>
  readFileSync(path.join(a.dir, 'generated', 'openapi', file), 'utf8');

beforeAll(async () => {
  app = await generateApp('test/fixtures/openapi/bodies/api.yaml', 'types');
  app31 = await generateApp('test/fixtures/openapi/bodies/api-31.yaml', 'types31');
}, 60_000);

afterAll(() => {
  app?.cleanup();
  app31?.cleanup();
});

describe('generated types for raw bytes', () => {
  it.each<[string, () => string, RegExp]>([
    ['binary body', () => read(app, 'types.ts'), /"application\/octet-stream": Blob;/],
    ['schema-less image/* body', () => read(app, 'types.ts'), /"image\/\*": Blob;/],
    ['multipart file', () => read(app, 'types.ts'), /file: Blob;/],
    ['multipart files', () => read(app, 'types.ts'), /attachments\?: Blob\[\];/],
    ['coerced form field stays a number', () => read(app, 'types.ts'), /count\?: number;/],
    ['3.1 contentMediaType', () => read(app31, 'types.ts'), /image: Blob;/],
    ['3.1 base64 stays a string', () => read(app31, 'types.ts'), /thumbnail\?: string;/],
    [
      '3.1 schema-less octet-stream',
      () => read(app31, 'types.ts'),
      /"application\/octet-stream": Blob;/,
    ],
    [
      'binary response: BinaryBody',
      () => read(app, 'handlers.ts'),
      /body: BinaryBody;\s+contentType: 'application\/pdf';/,
    ],
    ['client types agree', () => read(app, 'client-types.ts'), /file: Blob;/],
  ])('%s', (_case, text, pattern) => {
    expect(text()).toMatch(pattern);
  });

  it('BinaryBody is only imported where a response needs it', () => {
    expect(read(app, 'handlers.ts')).toMatch(/import type \{\s*BinaryBody,/);
    expect(read(app31, 'handlers.ts')).not.toContain('BinaryBody');
  });

  it(
    'handlers written against them type-check; wrong uses do not',
    { timeout: 120_000 },
    async () => {
      writeFileSync(
        path.join(app.dir, 'handlers.ts'),
        `import type { Handlers } from './generated/openapi/handlers.js';

type H = Handlers<unknown>;

export const uploadRaw: H['uploadRaw'] = async ({ body }) => {
  const bytes: Uint8Array = new Uint8Array(await body.arrayBuffer());
  // @ts-expect-error raw bytes are a Blob, not a string
  const text: string = body;
  return { status: 200, body: { size: bytes.length, text } };
};

export const postMultipart: H['postMultipart'] = ({ body }) => {
  const file: Blob = body.file;
  const files: Blob[] | undefined = body.attachments;
  const count: number | undefined = body.count;
  const flags: boolean[] | undefined = body.flags;
  // @ts-expect-error a file part is not a string
  const name: string = body.file;
  return { status: 200, body: { file: file.size, files, count, flags, name } };
};

export const postUrlencoded: H['postUrlencoded'] = ({ body, contentType }) => {
  const ids: number[] | undefined = body.ids;
  const min: number | undefined = body.filter?.min;
  const type: 'application/x-www-form-urlencoded' = contentType;
  return { status: 200, body: { ids, min, type } };
};

// Two declared media types: the handler says which one it sends.
export const downloadBytes: H['downloadFile'] = () => ({
  status: 200,
  body: new Uint8Array([1]),
  contentType: 'application/octet-stream',
});
export const downloadStream: H['downloadFile'] = () => ({
  status: 200,
  body: new Blob(['x']).stream(),
  contentType: 'application/pdf',
});
// @ts-expect-error a number is not a binary body
export const downloadWrong: H['downloadFile'] = () => ({
  status: 200,
  body: 42,
  contentType: 'application/octet-stream',
});
`,
      );
      const name = `binary-types-${process.pid}`;
      const result = await typecheck([app.dir], name, path.dirname(app.dir));
      rmSync(path.join(path.dirname(app.dir), `tsconfig.${name}.json`), { force: true });
      expect(result.output).toBe('');
      expect(result.ok).toBe(true);
    },
  );
});
