/**
 * The seam between generated code and the hand-written world. Generated modules
 * (`generated/openapi/*`) import these types; the runtime (`runtime/`) and the app's auth
 * module implement them. Kept tiny and dependency-free so generated code for any spec
 * type-checks against it.
 */
import type { z } from 'zod';

/**
 * Raw request pieces as the runtime hands them to the generated validators. Validators
 * coerce them per each parameter's declared style/explode into the typed shapes that
 * openapi-typescript declares for the operation.
 */
export interface RawRequestParts {
  /** Decoded path parameters, by their names in the path template. */
  path: Record<string, string>;
  /** Every value of every query key, keys as written (`filter[a]` stays `filter[a]`). */
  query: Record<string, string[]>;
  /** Lower-cased header names. Validators output the names as the spec spells them. */
  header: Record<string, string>;
  cookie: Record<string, string>;
}

/**
 * A form body (`application/x-www-form-urlencoded` or `multipart/form-data`) as the runtime
 * hands it to the generated body validator: every value of every field in arrival order,
 * keys as written (`tags[]`, `filter[a]` stay as they are), multipart parts that carry a
 * filename as `File`. The validator decodes it per the media type's `encoding` (style,
 * explode, JSON parts) and coerces it per the schema, as parameters are. Bodies of other
 * media types are handed over as `runtime/media-types.ts` says (JSON value, string, Blob).
 */
export type RawFormBody = Record<string, (string | File)[]>;

/**
 * Validators for one operation, emitted into `generated/openapi/schemas.ts`. `S` is the
 * schema type: generated code declares its table with a looser one (runtime/zod-prelude.ts
 * `validators`), everything else reads `z.ZodType`.
 */
export interface OperationValidators<S = z.ZodType> {
  path?: S;
  query?: S;
  header?: S;
  cookie?: S;
  /**
   * By declared content type. Run with `safeParseAsync`: a multipart field that is not
   * binary but arrives as a file part is read as text, which is asynchronous.
   */
  body?: { required: boolean; content: Record<string, S> };
  /** Keyed by status as written in the spec (`'200'`, `'4XX'`, `'default'`). */
  responses: Record<string, { content: Record<string, S>; headers?: S }>;
}

/** What an authenticator says about a request's credentials. */
export type AuthOutcome<P> =
  | { ok: true; principal: P }
  /** 401 bad/missing credentials, 503 the revocation store is down (fail closed). */
  | { ok: false; status: 401 | 503; detail: string };

/**
 * Plugged into `createApi` by the app. The route table calls `authenticate` for every
 * secured operation, and for an optional one (`security` with an empty `{}` alternative)
 * that carries an Authorization header, so its handler can see the caller; a public one
 * (`security: []`) never authenticates. Then `authorize` with the operation's
 * `x-permission` list (any one suffices). Default deny: a secured operation without
 * permissions is refused.
 */
export interface AuthHooks<P> {
  authenticate(input: {
    authorization: string | undefined;
    operationId: string;
    request: Request;
  }): Promise<AuthOutcome<P>>;
  authorize(
    principal: P,
    permissions: readonly string[],
    operationId: string,
  ): boolean | Promise<boolean>;
}
