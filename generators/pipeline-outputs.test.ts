/** The emitter registry and `--outputs`: pick emitters by name; `--check` covers what ran. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { EMITTER_NAMES, runGen, selectEmitters } from './pipeline.js';

const work = mkdtempSync(path.join(tmpdir(), 'gen-outputs-'));
const spec = path.resolve('test/fixtures/graphql/mapping.yaml');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('emitter registry', () => {
  it('lists every output, GraphQL included, and rejects unknown names', () => {
    expect(EMITTER_NAMES).toEqual([
      'types',
      'zod',
      'operations',
      'handlers',
      'routes',
      'client',
      'graphql',
    ]);
    expect(selectEmitters(['graphql', 'types']).map((e) => e.name)).toEqual(['types', 'graphql']);
    expect(() => selectEmitters(['graphql', 'nope'])).toThrow(/unknown output nope/);
  });

  it('--outputs graphql writes only the SDL and resolver map; --check sees drift in them', async () => {
    const out = path.join(work, 'out');
    const first = await runGen({ specPath: spec, outDir: out, outputs: ['graphql'], cwd: work });
    expect(first.written.sort()).toEqual(['graphql/resolvers.ts', 'graphql/schema.graphql']);
    expect(readdirSync(out)).toEqual(['graphql']);
    expect(
      (await runGen({ specPath: spec, outDir: out, outputs: ['graphql'], check: true, cwd: work }))
        .exitCode,
    ).toBe(0);
    writeFileSync(path.join(out, 'graphql/schema.graphql'), 'type Query { edited: Int }\n');
    const drift = await runGen({
      specPath: spec,
      outDir: out,
      outputs: ['graphql'],
      check: true,
      cwd: work,
    });
    expect(drift.exitCode).toBe(1);
    expect(drift.drift.map((d) => d.path)).toEqual(['graphql/schema.graphql']);
  });

  it('the CLI flag takes a comma-separated list and refuses unknown outputs', async () => {
    const out = path.join(work, 'cli');
    expect(await main(['gen', '--spec', spec, '--out', out, '--outputs', 'graphql, types'])).toBe(
      0,
    );
    expect(readdirSync(out).sort()).toEqual(['graphql', 'openapi']);
    expect(await main(['gen', '--spec', spec, '--out', out, '--outputs', 'nope'])).toBe(2);
  });
});
