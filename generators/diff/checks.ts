/**
 * Every check `spec-suite diff` can report: a stable id, its level and what it means.
 * Ids never change meaning; `docs/spec-diff.md` is checked against this table by a test.
 * Request side = what a client sends (narrowing breaks it); response side = what a client
 * receives (widening breaks it).
 */
export type Level = 'breaking' | 'warning' | 'info';

export interface CheckInfo {
  level: Level;
  summary: string;
}

/** Schema keywords that bound a value, with the direction in which they tighten it. */
export const LIMIT_KEYWORDS = [
  ['minimum', 'up'],
  ['maximum', 'down'],
  ['exclusiveMinimum', 'up'],
  ['exclusiveMaximum', 'down'],
  ['minLength', 'up'],
  ['maxLength', 'down'],
  ['minItems', 'up'],
  ['maxItems', 'down'],
  ['minProperties', 'up'],
  ['maxProperties', 'down'],
  ['multipleOf', 'multiple'],
  ['pattern', 'pattern'],
  ['uniqueItems', 'flag'],
] as const;

export type LimitKeyword = (typeof LIMIT_KEYWORDS)[number][0];

export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// Level shorthands for the catalogue below: one check a line.
const B = 'breaking';
const W = 'warning';
const I = 'info';

const catalogue: Record<string, readonly [Level, string]> = {
  // operations and paths
  'path-removed': [B, 'a path and all its operations were removed'],
  'operation-removed': [B, 'an operation (method on a path) was removed'],
  'operation-added': [I, 'a new operation'],
  'operation-id-changed': [I, 'operationId changed (generated clients rename the method)'],
  // parameters
  'request-parameter-added-required': [B, 'a new required parameter: existing calls lack it'],
  'request-parameter-added-optional': [I, 'a new optional parameter'],
  'request-parameter-became-required': [B, 'an optional parameter became required'],
  'request-parameter-became-optional': [I, 'a required parameter became optional'],
  'request-parameter-removed': [
    B,
    'a parameter was removed: calls that send it may be rejected or misread',
  ],
  'request-parameter-renamed': [
    B,
    'a query/header/cookie parameter was replaced by one with another name',
  ],
  'request-path-parameter-renamed': [
    I,
    'a path parameter was renamed (same URL on the wire; SDK argument names change)',
  ],
  'request-parameter-moved': [B, 'a parameter moved to another location (`in` changed)'],
  'request-parameter-style-changed': [
    B,
    'a parameter’s style or explode changed: the same value serialises differently',
  ],
  // request bodies
  'request-body-added-required': [B, 'a required request body was added'],
  'request-body-became-required': [B, 'an optional request body became required'],
  'request-body-became-optional': [I, 'the request body became optional'],
  'request-body-removed': [W, 'the request body was removed: clients still send one'],
  'request-media-type-removed': [B, 'a request content type is no longer accepted'],
  'request-media-type-added': [I, 'a new request content type'],
  // request schemas
  'request-type-changed': [
    B,
    'a request value’s type changed so that some values sent today are rejected',
  ],
  'request-type-widened': [I, 'a request value accepts more types'],
  'request-format-changed': [B, 'a request value’s format was added or changed'],
  'request-format-removed': [I, 'a request value’s format was removed'],
  'request-enum-value-removed': [B, 'a request enum value is no longer accepted'],
  'request-enum-added': [B, 'a request value that was free is now restricted to an enum'],
  'request-enum-value-added': [I, 'a request enum accepts a new value'],
  'request-nullable-removed': [B, 'a request value no longer accepts null'],
  'request-nullable-added': [I, 'a request value now accepts null'],
  'request-property-became-required': [
    B,
    'a request property became required (even with a default: existing clients omit it)',
  ],
  'request-property-added-required': [B, 'a new required request property'],
  'request-property-added': [I, 'a new optional request property'],
  'request-property-became-optional': [I, 'a required request property became optional'],
  'request-property-removed': [W, 'a request property was removed: clients still send it'],
  'request-additional-properties-closed': [
    B,
    'a request object no longer accepts extra properties',
  ],
  'request-branch-removed': [B, 'a oneOf/anyOf alternative of a request value was removed'],
  'request-branch-added': [I, 'a request value accepts a new alternative'],
  'request-discriminator-changed': [B, 'a request discriminator’s property or mapping changed'],
  // responses
  'response-success-status-removed': [B, 'a success (2xx) response was removed'],
  'response-status-removed': [I, 'a non-success response was removed'],
  'response-success-status-added': [W, 'a new success status: clients may not handle it'],
  'response-status-added': [I, 'a new non-success response'],
  'response-media-type-removed': [
    B,
    'a response content type is no longer produced (clients parse by content type)',
  ],
  'response-media-type-added': [I, 'a new response content type'],
  'response-header-removed': [B, 'a documented response header was removed'],
  'response-header-became-optional': [B, 'a required response header became optional'],
  'response-header-added': [I, 'a new response header'],
  'response-property-removed': [B, 'a required response property was removed'],
  'response-optional-property-removed': [W, 'an optional response property was removed'],
  'response-property-became-optional': [B, 'a required response property became optional'],
  'response-property-added': [I, 'a new response property'],
  'response-property-became-required': [I, 'an optional response property became required'],
  'response-nullable-added': [B, 'a response value may now be null'],
  'response-nullable-removed': [I, 'a response value is no longer null'],
  'response-type-changed': [B, 'a response value may now have a type clients do not expect'],
  'response-type-narrowed': [I, 'a response value has fewer types'],
  'response-format-changed': [B, 'a response value’s format changed or was removed'],
  'response-format-added': [I, 'a response value gained a format'],
  'response-enum-value-added': [
    W,
    'a response enum gained a value clients may not handle (info with x-extensible-enum)',
  ],
  'response-extensible-enum-value-added': [I, 'an enum marked x-extensible-enum gained a value'],
  'response-enum-removed': [W, 'a response value is no longer restricted to an enum'],
  'response-enum-value-removed': [I, 'a response enum lost a value'],
  'response-additional-properties-opened': [W, 'a response object may now carry extra properties'],
  'response-branch-added': [
    W,
    'a response value has a new oneOf/anyOf alternative clients may not handle',
  ],
  'response-branch-removed': [I, 'a response alternative was removed'],
  'response-discriminator-changed': [
    B,
    'a response discriminator’s property changed or a mapping was retargeted',
  ],
  'response-discriminator-value-added': [W, 'a response discriminator gained a value'],
  // security
  'security-added': [B, 'a public operation now requires authentication'],
  'security-removed': [I, 'an operation became public'],
  'security-requirement-changed': [
    B,
    'a security requirement clients satisfy today is no longer accepted',
  ],
  'security-scopes-added': [B, 'a security requirement needs more scopes'],
  'security-requirement-added': [I, 'a new alternative security requirement'],
  'security-permission-changed': [
    B,
    'x-permission no longer accepts a permission callers hold today',
  ],
  'security-permission-added': [I, 'x-permission accepts an additional permission'],
};

const base: Record<string, CheckInfo> = Object.fromEntries(
  Object.entries(catalogue).map(([id, [level, summary]]) => [id, { level, summary }]),
);

const limits: Record<string, CheckInfo> = {};
for (const [keyword] of LIMIT_KEYWORDS) {
  limits[`request-${kebab(keyword)}-tightened`] = {
    level: 'breaking',
    summary: `request \`${keyword}\` added or tightened: values sent today may be rejected`,
  };
  limits[`request-${kebab(keyword)}-relaxed`] = {
    level: 'info',
    summary: `request \`${keyword}\` removed or relaxed`,
  };
  limits[`response-${kebab(keyword)}-relaxed`] = {
    level: 'warning',
    summary: `response \`${keyword}\` removed or relaxed: clients may receive values they reject`,
  };
  limits[`response-${kebab(keyword)}-tightened`] = {
    level: 'info',
    summary: `response \`${keyword}\` added or tightened`,
  };
}

export const CHECKS: Readonly<Record<string, CheckInfo>> = { ...base, ...limits };

export function levelOf(id: string): Level {
  const check = CHECKS[id];
  if (!check) throw new Error(`unknown diff check id ${id}`);
  return check.level;
}
