/**
 * Types the generated `Handlers` interface is built from. Generated code stays thin: it
 * names the spec's types per operation; the shapes shared by all operations live here.
 */

/** What every handler learns about the request besides its validated parts. */
export interface RequestContext {
  /**
   * The raw fetch Request. Its body has been read already (on @hono/node-server possibly
   * straight from the Node message, runtime/node-incoming.ts): use the validated `body`.
   */
  request: Request;
  requestId: string;
  /** As the app derives it (socket address, or a trusted proxy header); undefined if unknown. */
  clientIp: string | undefined;
  userAgent: string | undefined;
}

/**
 * Common to every handler input. `principal` is `P` on secured operations, `P | null` on
 * optional ones (authenticated when the caller sends credentials) and `null` on public
 * ones (credentials ignored).
 */
export interface HandlerInputBase<P, C> {
  principal: P;
  ctx: C;
}

export type MaybePromise<T> = T | Promise<T>;

export type Status1XX = 100 | 101 | 102 | 103;
export type Status2XX = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;
export type Status3XX = 300 | 301 | 302 | 303 | 304 | 305 | 307 | 308;
// prettier-ignore
export type Status4XX =
  | 400 | 401 | 402 | 403 | 404 | 405 | 406 | 407 | 408 | 409 | 410 | 411 | 412 | 413 | 414
  | 415 | 416 | 417 | 418 | 421 | 422 | 423 | 424 | 425 | 426 | 428 | 429 | 431 | 451;
export type Status5XX = 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511;
export type HttpStatus = Status1XX | Status2XX | Status3XX | Status4XX | Status5XX;

/**
 * What a handler may return as the body of a binary response (a media type that is not
 * JSON, text or a form, with a `format: binary`, string or absent schema): sent as is,
 * streams streamed. Binary request bodies arrive as `Blob` (see runtime/media-types.ts).
 */
export type BinaryBody = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | string;

/** Any handler result, as the runtime sees it after the generated types have done their job. */
export interface AnyHandlerResult {
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, unknown>;
}
