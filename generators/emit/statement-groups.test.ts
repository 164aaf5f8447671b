/**
 * formatTs formats a generated file group by group (statementGroups) and joins the results;
 * that must be byte for byte what prettier makes of the whole file, for everything the
 * emitters write: this project's spec and DDL and the fixture specs, raw (unformatted)
 * sources in, prettier's whole-file output as the oracle.
 */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { ddlSources } from '../ddl/index.js';
import { loadApi } from '../openapi/load.js';
import { generateOpenApi } from '../pipeline.js';
import {
  formatTs,
  prettierOptions as options,
  setFormatting,
  statementGroups,
  type GeneratedFile,
} from './files.js';

/** Every file the emitters write for `spec`, before formatting. */
async function rawOpenApi(spec: string): Promise<GeneratedFile[]> {
  const ir = await loadApi(spec);
  setFormatting(false);
  try {
    return await generateOpenApi(ir, '../../runtime');
  } finally {
    setFormatting(true);
  }
}

const ts = (files: GeneratedFile[]) => files.filter((f) => f.path.endsWith('.ts'));

describe('statementGroups', () => {
  it('cuts before a statement or its comment that follows a blank line, nowhere else', () => {
    const source = [
      '// header',
      '',
      "import { a } from 'a';",
      "import { b } from 'b';",
      '',
      '/** Doc. */',
      'export const x = {',
      '',
      '  y: 1,',
      '};',
      '',
      '',
      'export type T = string;',
      '',
    ].join('\n');
    expect(statementGroups(source)).toEqual([
      '// header\n',
      "import { a } from 'a';\nimport { b } from 'b';\n",
      '/** Doc. */\nexport const x = {\n\n  y: 1,\n};\n\n',
      'export type T = string;\n',
    ]);
    expect(statementGroups(source).join('\n')).toBe(source);
  });

  it.each([
    'openapi/api-spec.yaml',
    'test/fixtures/openapi/jobboard/api-spec.yaml',
    'test/fixtures/openapi/bodies/api-31.yaml',
    'test/fixtures/openapi/client/api.yaml',
    'test/fixtures/openapi/v31/api.yaml',
    'test/fixtures/graphql/mapping.yaml',
  ])('formatting %s group by group gives prettier’s whole-file output', async (spec) => {
    const files = ts(await rawOpenApi(spec));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      expect(await formatTs(f.contents), f.path).toBe(await prettier.format(f.contents, options));
    }
  });

  it('and for the DDL outputs of db/schema.sql', async () => {
    const { files } = await ddlSources({ ddlPath: 'db/schema.sql', sourceLabel: 'db/schema.sql' });
    for (const f of files) {
      expect(await formatTs(f.contents), f.path).toBe(await prettier.format(f.contents, options));
    }
  });

  it('formats a source whose cut falls inside a template literal whole (a group would not parse)', async () => {
    const source = 'const a = `x\n\nexport const y = 1`;\n\nexport const b = 2;\n';
    expect(statementGroups(source)).toHaveLength(3);
    expect(await formatTs(source)).toBe(await prettier.format(source, options));
  });
});
