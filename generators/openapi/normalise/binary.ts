/**
 * Which raw (bundled, not normalised) schemas describe raw bytes. One predicate for the
 * loader's normaliser (which marks them `format: binary`) and for the openapi-typescript
 * input (which types them `Blob`), so validators and types agree. Pure.
 *
 * OpenAPI 3.0 says `format: binary` (2.0 `type: file`); 3.1 drops that for JSON Schema's
 * `contentMediaType` (+ `contentEncoding` when the bytes are encoded into the string, e.g.
 * base64, which keeps them a string).
 */

type Json = Record<string, unknown>;

/** Media types whose content is text, so a string schema naming one stays a string. */
function isTextual(mediaType: string): boolean {
  const t = mediaType.split(';')[0]!.trim().toLowerCase();
  return (
    t.startsWith('text/') ||
    t === 'application/json' ||
    t.endsWith('+json') ||
    t === 'application/xml' ||
    t.endsWith('+xml') ||
    t === 'application/x-www-form-urlencoded'
  );
}

function allowsString(type: unknown): boolean {
  if (type === undefined || type === 'string' || type === 'file') return true;
  return Array.isArray(type) && type.includes('string');
}

export function isBinarySchema(raw: Json): boolean {
  if (raw.type === 'file') return true;
  if (!allowsString(raw.type)) return false;
  if (raw.format === 'binary') return true;
  return (
    typeof raw.contentMediaType === 'string' &&
    raw.contentEncoding === undefined &&
    !isTextual(raw.contentMediaType)
  );
}
