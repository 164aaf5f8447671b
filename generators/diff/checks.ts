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

const base: Record<string, CheckInfo> = {
  // operations and paths
  'path-removed': { level: 'breaking', summary: 'a path and all its operations were removed' },
  'operation-removed': {
    level: 'breaking',
    summary: 'an operation (method on a path) was removed',
  },
  'operation-added': { level: 'info', summary: 'a new operation' },
  'operation-id-changed': {
    level: 'info',
    summary: 'operationId changed (generated clients rename the method)',
  },
  // parameters
  'request-parameter-added-required': {
    level: 'breaking',
    summary: 'a new required parameter: existing calls lack it',
  },
  'request-parameter-added-optional': { level: 'info', summary: 'a new optional parameter' },
  'request-parameter-became-required': {
    level: 'breaking',
    summary: 'an optional parameter became required',
  },
  'request-parameter-became-optional': {
    level: 'info',
    summary: 'a required parameter became optional',
  },
  'request-parameter-removed': {
    level: 'breaking',
    summary: 'a parameter was removed: calls that send it may be rejected or misread',
  },
  'request-parameter-renamed': {
    level: 'breaking',
    summary: 'a query/header/cookie parameter was replaced by one with another name',
  },
  'request-path-parameter-renamed': {
    level: 'info',
    summary: 'a path parameter was renamed (same URL on the wire; SDK argument names change)',
  },
  'request-parameter-moved': {
    level: 'breaking',
    summary: 'a parameter moved to another location (`in` changed)',
  },
  'request-parameter-style-changed': {
    level: 'breaking',
    summary: 'a parameter’s style or explode changed: the same value serialises differently',
  },
  // request bodies
  'request-body-added-required': {
    level: 'breaking',
    summary: 'a required request body was added',
  },
  'request-body-became-required': {
    level: 'breaking',
    summary: 'an optional request body became required',
  },
  'request-body-became-optional': { level: 'info', summary: 'the request body became optional' },
  'request-body-removed': {
    level: 'warning',
    summary: 'the request body was removed: clients still send one',
  },
  'request-media-type-removed': {
    level: 'breaking',
    summary: 'a request content type is no longer accepted',
  },
  'request-media-type-added': { level: 'info', summary: 'a new request content type' },
  // request schemas
  'request-type-changed': {
    level: 'breaking',
    summary: 'a request value’s type changed so that some values sent today are rejected',
  },
  'request-type-widened': { level: 'info', summary: 'a request value accepts more types' },
  'request-format-changed': {
    level: 'breaking',
    summary: 'a request value’s format was added or changed',
  },
  'request-format-removed': { level: 'info', summary: 'a request value’s format was removed' },
  'request-enum-value-removed': {
    level: 'breaking',
    summary: 'a request enum value is no longer accepted',
  },
  'request-enum-added': {
    level: 'breaking',
    summary: 'a request value that was free is now restricted to an enum',
  },
  'request-enum-value-added': { level: 'info', summary: 'a request enum accepts a new value' },
  'request-nullable-removed': {
    level: 'breaking',
    summary: 'a request value no longer accepts null',
  },
  'request-nullable-added': { level: 'info', summary: 'a request value now accepts null' },
  'request-property-became-required': {
    level: 'breaking',
    summary: 'a request property became required (even with a default: existing clients omit it)',
  },
  'request-property-added-required': {
    level: 'breaking',
    summary: 'a new required request property',
  },
  'request-property-added': { level: 'info', summary: 'a new optional request property' },
  'request-property-became-optional': {
    level: 'info',
    summary: 'a required request property became optional',
  },
  'request-property-removed': {
    level: 'warning',
    summary: 'a request property was removed: clients still send it',
  },
  'request-additional-properties-closed': {
    level: 'breaking',
    summary: 'a request object no longer accepts extra properties',
  },
  'request-branch-removed': {
    level: 'breaking',
    summary: 'a oneOf/anyOf alternative of a request value was removed',
  },
  'request-branch-added': { level: 'info', summary: 'a request value accepts a new alternative' },
  'request-discriminator-changed': {
    level: 'breaking',
    summary: 'a request discriminator’s property or mapping changed',
  },
  // responses
  'response-success-status-removed': {
    level: 'breaking',
    summary: 'a success (2xx) response was removed',
  },
  'response-status-removed': { level: 'info', summary: 'a non-success response was removed' },
  'response-success-status-added': {
    level: 'warning',
    summary: 'a new success status: clients may not handle it',
  },
  'response-status-added': { level: 'info', summary: 'a new non-success response' },
  'response-media-type-removed': {
    level: 'breaking',
    summary: 'a response content type is no longer produced (clients parse by content type)',
  },
  'response-media-type-added': { level: 'info', summary: 'a new response content type' },
  'response-header-removed': {
    level: 'breaking',
    summary: 'a documented response header was removed',
  },
  'response-header-became-optional': {
    level: 'breaking',
    summary: 'a required response header became optional',
  },
  'response-header-added': { level: 'info', summary: 'a new response header' },
  'response-property-removed': {
    level: 'breaking',
    summary: 'a required response property was removed',
  },
  'response-optional-property-removed': {
    level: 'warning',
    summary: 'an optional response property was removed',
  },
  'response-property-became-optional': {
    level: 'breaking',
    summary: 'a required response property became optional',
  },
  'response-property-added': { level: 'info', summary: 'a new response property' },
  'response-property-became-required': {
    level: 'info',
    summary: 'an optional response property became required',
  },
  'response-nullable-added': { level: 'breaking', summary: 'a response value may now be null' },
  'response-nullable-removed': { level: 'info', summary: 'a response value is no longer null' },
  'response-type-changed': {
    level: 'breaking',
    summary: 'a response value may now have a type clients do not expect',
  },
  'response-type-narrowed': { level: 'info', summary: 'a response value has fewer types' },
  'response-format-changed': {
    level: 'breaking',
    summary: 'a response value’s format changed or was removed',
  },
  'response-format-added': { level: 'info', summary: 'a response value gained a format' },
  'response-enum-value-added': {
    level: 'warning',
    summary: 'a response enum gained a value clients may not handle (info with x-extensible-enum)',
  },
  'response-extensible-enum-value-added': {
    level: 'info',
    summary: 'an enum marked x-extensible-enum gained a value',
  },
  'response-enum-removed': {
    level: 'warning',
    summary: 'a response value is no longer restricted to an enum',
  },
  'response-enum-value-removed': { level: 'info', summary: 'a response enum lost a value' },
  'response-additional-properties-opened': {
    level: 'warning',
    summary: 'a response object may now carry extra properties',
  },
  'response-branch-added': {
    level: 'warning',
    summary: 'a response value has a new oneOf/anyOf alternative clients may not handle',
  },
  'response-branch-removed': { level: 'info', summary: 'a response alternative was removed' },
  'response-discriminator-changed': {
    level: 'breaking',
    summary: 'a response discriminator’s property changed or a mapping was retargeted',
  },
  'response-discriminator-value-added': {
    level: 'warning',
    summary: 'a response discriminator gained a value',
  },
  // security
  'security-added': {
    level: 'breaking',
    summary: 'a public operation now requires authentication',
  },
  'security-removed': { level: 'info', summary: 'an operation became public' },
  'security-requirement-changed': {
    level: 'breaking',
    summary: 'a security requirement clients satisfy today is no longer accepted',
  },
  'security-scopes-added': {
    level: 'breaking',
    summary: 'a security requirement needs more scopes',
  },
  'security-requirement-added': {
    level: 'info',
    summary: 'a new alternative security requirement',
  },
  'security-permission-changed': {
    level: 'breaking',
    summary: 'x-permission no longer accepts a permission callers hold today',
  },
  'security-permission-added': {
    level: 'info',
    summary: 'x-permission accepts an additional permission',
  },
};

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
