/**
 * Every public spec of the robustness corpus gets an SDL graphql-js accepts, or its
 * operations are reported as skipped with a reason; never a crash. The default run takes
 * our own specs and the @readme/oas-examples that stress the mapping (unions, circular and
 * nested schemas, every schema type, parameter styles), to stay within a few seconds;
 * `ROBUSTNESS_FULL=1` (`npm run test:robustness`) runs every corpus spec.
 */
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphqlModel } from '../../generators/graphql/emit.js';
import { loadApi } from '../../generators/openapi/load.js';
import { defaultSpecs } from './specs.js';

const full = process.env.ROBUSTNESS_FULL === '1';
const STRESS =
  /discriminators|polymorphism|circular|complex-nesting|schema-types|parameters-style|schema-additional|schema-enums|schema-visibility|train-travel/;
const specs = defaultSpecs().filter(
  (s) => full || s.slug.startsWith('own-') || s.slug.startsWith('fixture-') || STRESS.test(s.slug),
);

describe('GraphQL SDL for every corpus spec', () => {
  it.each(specs.map((s) => [s.slug, s] as const))('%s', async (_slug, spec) => {
    let ir;
    try {
      ir = await loadApi(spec.file);
    } catch {
      return; // the loader's own robustness test owns specs it cannot read
    }
    const model = buildGraphqlModel(ir);
    const schema = buildSchema(model.sdl);
    const fields = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
    ].filter((f) => f !== '_empty');
    // Every operation is either a field or reported with a reason.
    expect(fields.length + model.skipped.length).toBe(ir.operations.length);
    for (const s of model.skipped) expect(s.reason).not.toBe('');
  });
});
