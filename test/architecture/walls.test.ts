/**
 * The layer walls (eslint-walls.js, run by `npm run lint`): planted backwards imports,
 * linted through the project's real ESLint config as virtual files, must fail; the
 * imports each layer is allowed must pass.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function wallErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'walls/layers').map((m) => m.message);
}

describe('layer walls', () => {
  it.each([
    [
      'generators/ddl/planted.ts',
      "import { migrate } from '../../app/db/migrate.js';\nvoid migrate;\n",
      'generators/ may not import app/',
    ],
    [
      'generators/openapi/planted.ts',
      "export { logs } from '../../test/support/logs.js';\n",
      'generators/ may not import test/',
    ],
    [
      'runtime/planted.ts',
      "import type { ApiIR } from '../generators/openapi/ir.js';\nexport type X = ApiIR;\n",
      'runtime/ may not import generators/',
    ],
    [
      'runtime/planted.ts',
      "export const load = () => import('../app/config.js');\n",
      'runtime/ may not import app/',
    ],
    [
      'app/http/planted.ts',
      "export * from '../../test/support/test-database.js';\n",
      'app/ may not import test/',
    ],
    [
      'app/http/planted.ts',
      "export * from '../../generators/openapi/ir.js';\n",
      'app/ may not import generators/',
    ],
    [
      'generated/openapi/planted.ts',
      "/* eslint-disable */\nimport '../../app/config.js';\n",
      'generated/ may not import app/',
    ],
  ])('%s: a backwards import fails (%s)', async (file, code, message) => {
    const errors = await wallErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    [
      'generated/openapi/planted.ts',
      "import { z } from 'zod';\nimport '../../runtime/contract.js';\nvoid z;\n",
    ],
    [
      'generators/ddl/planted.ts',
      "import { readMigrations } from '../../runtime/migration-files.js';\nvoid readMigrations;\n",
    ],
    [
      'app/http/planted.ts',
      "import '../../generated/openapi/schemas.js';\nimport '../../runtime/problem.js';\n",
    ],
    ['app/http/planted.test.ts', "import '../../test/support/test-database.js';\n"],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await wallErrors(file, code)).toEqual([]);
  });
});
