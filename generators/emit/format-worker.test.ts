/**
 * The formatting worker formats as prettier does in-process, reports prettier's errors,
 * and refuses work once closed.
 */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { workerFormatter } from './format-worker.js';

const options = { parser: 'typescript', singleQuote: true, printWidth: 100 };

describe('formatting worker', () => {
  it('gives prettier’s output, for jobs in flight at once, and its errors', async () => {
    const formatter = workerFormatter();
    try {
      const sources = ['const a = {b:1}', 'export function f( x:number ){return x}', 'let s = "q"'];
      const out = await Promise.all(sources.map((s) => formatter.format(s, options)));
      expect(out).toEqual(await Promise.all(sources.map((s) => prettier.format(s, options))));
      const message = await prettier.format('const = ;', options).catch((e: Error) => e.message);
      await expect(formatter.format('const = ;', options)).rejects.toThrow(message);
      expect(await formatter.format('let x=1', options)).toBe('let x = 1;\n');
    } finally {
      await formatter.close();
    }
    await expect(formatter.format('let x=1', options)).rejects.toThrow(/closed/);
  });
});
