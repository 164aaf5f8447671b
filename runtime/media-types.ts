/**
 * How a body's media type decides its run-time representation. Shared by the runtime
 * (which decodes request bodies) and the generators (which emit the validators and handler
 * types for them), so the two can never disagree:
 *
 * | kind        | media types                          | what validators and handlers see     |
 * | ----------- | ------------------------------------ | ------------------------------------ |
 * | `json`      | `application/json`, `*\/*+json`      | the parsed JSON value                |
 * | `form`      | `application/x-www-form-urlencoded`  | `RawFormBody` → decoded per encoding |
 * | `multipart` | `multipart/form-data`                | `RawFormBody` (files as `File`)      |
 * | `text`      | `text/*`                             | the decoded string                   |
 * | `binary`    | everything else (incl. wildcards)    | a `Blob` of the raw bytes            |
 *
 * Pure and dependency-free.
 */

export type MediaKind = 'json' | 'form' | 'multipart' | 'text' | 'binary';

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | null | undefined): string | undefined {
  const t = contentType?.split(';')[0]?.trim().toLowerCase();
  return t || undefined;
}

export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** The representation a body of this (declared) media type gets; parameters ignored. */
export function mediaKind(contentType: string): MediaKind {
  const type = mediaType(contentType) ?? '';
  if (isJsonMediaType(type)) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'multipart/form-data') return 'multipart';
  if (type.startsWith('text/')) return 'text';
  return 'binary';
}
