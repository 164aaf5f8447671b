/**
 * Every schema keyword the normaliser knows, in exactly one of three sets. A keyword in
 * none of them is reported as unknown (and a test fails when a JSON Schema / OpenAPI
 * keyword is missing here), so adding a keyword to an emitter without teaching the
 * normaliser cannot pass silently. docs/validation.md carries the same table for users.
 */

/** Copied into the IR (possibly rewritten, see schema.ts) and enforced by the validators. */
export const HANDLED_KEYWORDS = [
  '$ref',
  'type',
  'format',
  'enum',
  'const',
  'default',
  'nullable',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'items',
  'prefixItems',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'unevaluatedProperties',
  'minProperties',
  'maxProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'discriminator',
  'contentMediaType',
] as const;

/** Annotations and containers: kept or dropped, but they never change what validates. */
export const IGNORED_KEYWORDS = [
  'title',
  'description',
  'deprecated',
  'readOnly',
  'writeOnly',
  'example',
  'examples',
  'xml',
  'externalDocs',
  '$comment',
  '$schema',
  '$defs',
  'definitions',
  'contentEncoding',
  'contentSchema',
] as const;

/** Keywords the validators cannot enforce: `gen` warns with the pointer of each use. */
export const UNSUPPORTED_KEYWORDS: Record<string, string> = {
  $dynamicRef: 'dynamic scopes are not resolved; the reference is treated as "any value"',
  $dynamicAnchor: 'only meaningful with $dynamicRef',
  $recursiveRef: 'draft 2019-09 recursion is not resolved; treated as "any value"',
  $recursiveAnchor: 'only meaningful with $recursiveRef',
  $id: 'schema resources are not re-based; $refs resolve against the document',
  $anchor: 'anchors are not indexed; "#name" references cannot be resolved',
  $vocabulary: 'meta-schema vocabularies are not negotiated',
  unevaluatedItems: 'not enforced; the array is validated without it',
};

const HANDLED = new Set<string>(HANDLED_KEYWORDS);
const IGNORED = new Set<string>(IGNORED_KEYWORDS);

export type KeywordClass = 'handled' | 'ignored' | 'unsupported' | 'unknown';

export function classifyKeyword(keyword: string): KeywordClass {
  if (HANDLED.has(keyword)) return 'handled';
  if (IGNORED.has(keyword) || keyword.startsWith('x-')) return 'ignored';
  if (Object.hasOwn(UNSUPPORTED_KEYWORDS, keyword)) return 'unsupported';
  return 'unknown';
}
