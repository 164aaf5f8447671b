// House rule `enum-varnames`: an enum whose values are not all identifiers, or whose values
// collide once generators strip punctuation and case (`-publishedAt` and `publishedAt` both
// become `PublishedAt` in OpenAPI Generator), names its members with `x-enum-varnames`, which
// most client generators honour. Without it, others' generated clients do not compile.
import { createRulesetFunction } from '@stoplight/spectral-core';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a generator's member-name mangling keeps of a value: letters and digits, case-folded. */
const folded = (value) =>
  String(value)
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

function needsNames(values) {
  const strings = values.filter((value) => typeof value === 'string');
  if (strings.some((value) => !IDENTIFIER.test(value))) return true;
  return new Set(strings.map(folded)).size !== strings.length;
}

export default createRulesetFunction(
  { input: null, options: null },
  function enumVarnames(schema, _options, context) {
    const values = schema?.enum;
    if (!Array.isArray(values)) return [];
    const names = schema['x-enum-varnames'];
    if (names === undefined) {
      if (!needsNames(values)) return [];
      return [
        {
          message: `enum [${values.join(', ')}] has values that are not identifiers or that collide in generated code; name them with x-enum-varnames.`,
          path: [...context.path, 'enum'],
        },
      ];
    }
    const path = [...context.path, 'x-enum-varnames'];
    if (!Array.isArray(names) || names.length !== values.length)
      return [{ message: 'x-enum-varnames must list one name per enum value.', path }];
    const bad = names.filter((name) => typeof name !== 'string' || !IDENTIFIER.test(name));
    if (bad.length > 0)
      return [
        { message: `x-enum-varnames has names that are not identifiers: ${bad.join(', ')}.`, path },
      ];
    if (new Set(names.map(folded)).size !== names.length)
      return [{ message: 'x-enum-varnames has names that collide once case is folded.', path }];
    return [];
  },
);
