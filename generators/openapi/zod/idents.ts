/**
 * Safe, unique, deterministic identifiers for component schema names such as
 * `repository-rule-ruleset-conditions` (→ `RepositoryRuleRulesetConditions`).
 */

/** What emitted code imports from runtime/zod-prelude.ts. */
export const PRELUDE_IMPORTS = [
  'typed',
  'branch',
  'params',
  'binary',
  'formBody',
  'rules',
  'otherThan',
  'oneOfValues',
  'notRule',
  'ifRule',
  'objectRule',
  'arrayRule',
  'tuple',
  'ownProps',
  'validators',
] as const;

/**
 * Names the emitted module defines or uses itself (its own exports, the prelude's helpers,
 * JavaScript globals and TypeScript utility types): a schema called `Boolean` must not
 * shadow `Boolean`. A fixed list, not `globalThis`, so output is the same on every Node.
 */
export const RESERVED_IDENTS = new Set([
  ...[
    'z',
    'components',
    'Schemas',
    'schemas',
    'inputSchemas',
    'operationValidators',
    'OperationValidators',
  ],
  ...PRELUDE_IMPORTS,
  ...[
    'Array',
    'ArrayBuffer',
    'BigInt',
    'Boolean',
    'DataView',
    'Date',
    'Error',
    'EvalError',
    'Function',
  ],
  ...[
    'Infinity',
    'Intl',
    'JSON',
    'Map',
    'Math',
    'NaN',
    'Number',
    'Object',
    'Promise',
    'Proxy',
    'RangeError',
  ],
  ...[
    'ReferenceError',
    'Reflect',
    'RegExp',
    'Set',
    'String',
    'Symbol',
    'SyntaxError',
    'TypeError',
    'URIError',
  ],
  ...[
    'URL',
    'WeakMap',
    'WeakSet',
    'Uint8Array',
    'Buffer',
    'File',
    'Blob',
    'Request',
    'Response',
    'Headers',
    'ReadableStream',
  ],
  ...[
    'Record',
    'Omit',
    'Pick',
    'Partial',
    'Required',
    'Readonly',
    'Exclude',
    'Extract',
    'NonNullable',
  ],
  ...[
    'ReturnType',
    'Parameters',
    'Awaited',
    'Uppercase',
    'Lowercase',
    'Capitalize',
    'Uncapitalize',
  ],
  ...['undefined', 'globalThis', 'Iterable', 'PropertyKey', 'Element', 'Node', 'Event', 'Document'],
]);

export function baseIdent(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let ident = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  if (ident === '') ident = 'Schema';
  if (/^[0-9]/.test(ident)) ident = `_${ident}`;
  return ident;
}

/** First come (in the given order) first served; later clashes get `_2`, `_3`, … */
export class IdentAllocator {
  private readonly used = new Set<string>(RESERVED_IDENTS);

  take(wanted: string): string {
    let ident = wanted;
    for (let n = 2; this.used.has(ident); n++) ident = `${wanted}_${n}`;
    this.used.add(ident);
    return ident;
  }
}
