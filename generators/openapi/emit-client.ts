/**
 * `openapi/client.ts`: a typed client for consumers of the API, a thin layer over
 * openapi-fetch, and `openapi/client-types.ts`, the types it is checked against.
 * Generic on purpose: nothing here knows the spec it is generated for beyond its title
 * and server path, so the same files work for any spec and bundle without the zod
 * validators or the server runtime.
 *
 * The client has its own openapi-typescript view of the spec because a sender's types
 * differ from a receiver's: a property with a `default` is optional to send (the server's
 * `types.ts` makes it required, as handlers see it after defaults apply), and `readOnly` /
 * `writeOnly` properties carry openapi-typescript's markers, which openapi-fetch strips
 * from request and response bodies respectively.
 */
import { formatTs, generatedHeader, type GeneratedFile } from '../emit/files.js';
import type { ApiIR } from './ir.js';
import { serverBasePath } from './op-names.js';
import { printTypes } from './print-types.js';

export const CLIENT_PATH = 'openapi/client.ts';
export const CLIENT_TYPES_PATH = 'openapi/client-types.ts';

/** Text safe inside a `/** … *\/` comment on one line. */
function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim();
}

/** The client's view of the spec (see the module comment); otherwise as emit-types prints it. */
async function emitClientTypes(ir: ApiIR): Promise<GeneratedFile> {
  const body = await printTypes(ir.document, { defaultNonNullable: false, readWriteMarkers: true });
  return {
    path: CLIENT_TYPES_PATH,
    contents: `${generatedHeader(ir.sourcePath, 'openapi-typescript-client')}\n${body}`,
  };
}

export async function emitClient(ir: ApiIR): Promise<GeneratedFile[]> {
  const typesModule = `./${CLIENT_TYPES_PATH.split('/').pop()!.replace(/\.ts$/, '.js')}`;
  const title = commentText(ir.info.title) || 'this API';
  const source = `${generatedHeader(ir.sourcePath, 'emit-client')}
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths, Readable, Writable } from '${typesModule}';

export type { components, operations, paths };

/** Path prefix from the spec's first \`servers\` entry; the client appends it to \`baseUrl\`. */
export const serverBasePath = ${JSON.stringify(serverBasePath(ir))};

/** The openapi-fetch client for ${title}: \`client.POST('/path', { params, body })\`. */
export type ApiClient = Client<paths>;

type NamedSchemas = components extends { schemas: infer S } ? S : never;

/** The named schemas as responses carry them (no writeOnly properties), e.g. \`Schemas['Job']\`. */
export type Schemas = Readable<NamedSchemas>;

/** The named schemas as request bodies carry them (no readOnly properties). */
export type SchemaInputs = Writable<NamedSchemas>;

/**
 * A bearer token, or a function returning the current one. A function is called on every
 * request, so a client created once follows logins, refreshes and logouts.
 */
export type TokenSource =
  | string
  | (() => string | null | undefined | Promise<string | null | undefined>);

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl' | 'fetch'> {
  /** Where the API is served, e.g. \`https://api.example.com\`; \`serverBasePath\` is appended. */
  baseUrl: string;
  /** Sent as \`Authorization: Bearer …\` unless a call sets its own Authorization header. */
  token?: TokenSource;
  /** A fetch implementation (default: the global one), e.g. an in-process app's. */
  fetch?: (input: Request) => Promise<Response>;
}

/** openapi-fetch middleware adding \`Authorization: Bearer <token>\` to every request. */
export function bearerAuth(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      // An explicit per-call header wins (e.g. acting as another user for one request).
      if (request.headers.has('authorization')) return undefined;
      const value = typeof token === 'function' ? await token() : token;
      if (!value) return undefined;
      request.headers.set('authorization', \`Bearer \${value}\`);
      return request;
    },
  };
}

/**
 * A typed client for ${title}. Calls return openapi-fetch's \`{ data, error, response }\`:
 * \`data\` typed by the success responses, \`error\` by the error responses the spec declares
 * (for APIs that answer errors with RFC 9457, the problem body). Wrap a call in \`unwrap\`
 * to get the data or a thrown \`ApiError\` instead.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, token, ...rest } = options;
  const client = createClient<paths>({
    ...rest,
    baseUrl: \`\${baseUrl.replace(/\\/+$/, '')}\${serverBasePath}\`,
  });
  if (token !== undefined) client.use(bearerAuth(token));
  return client;
}

/** What every openapi-fetch call resolves to. */
export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success body of a call's result type (\`undefined\` for bodiless responses). */
export type DataOf<R> = R extends { data: infer D } ? ([D] extends [never] ? undefined : D) : never;

type ErrorBody<R> = R extends { error: infer E } ? E : never;

/** The error body of a call's result type, as the spec declares it (\`unknown\` if it declares none). */
export type ErrorOf<R> = [ErrorBody<R>] extends [never] ? unknown : ErrorBody<R>;

/** RFC 9457 problem details, the shape \`isProblem\` recognises. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** True for a parsed RFC 9457 body: an object with a string \`title\` or \`type\`. */
export function isProblem(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' || typeof v.type === 'string';
}

/** A non-2xx answer: the status, the typed error body and the raw response. */
export class ApiError<E = unknown> extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** The parsed error body, typed by the spec (text when it was not JSON). */
  readonly body: E;
  readonly response: Response;

  constructor(response: Response, body: E) {
    const about = isProblem(body)
      ? [body.title, body.detail].filter((s) => typeof s === 'string' && s).join(': ')
      : '';
    super(\`HTTP \${response.status}\${about ? \` \${about}\` : ''}\`);
    this.status = response.status;
    this.body = body;
    this.response = response;
  }
}

/**
 * The data of a successful call, or a thrown \`ApiError\` carrying the typed error body:
 * \`const job = await unwrap(client.POST('/jobs', { body }))\`.
 */
export async function unwrap<R extends CallResult>(result: R | Promise<R>): Promise<DataOf<R>> {
  const r = await result;
  // On status, not on \`error\`: an error answer with an empty body has \`error: undefined\`.
  if (r.response.ok) return r.data as DataOf<R>;
  throw new ApiError<ErrorOf<R>>(r.response, r.error as ErrorOf<R>);
}
`;
  // Together: the types print on this thread while prettier formats the client on its own.
  const [contents, types] = await Promise.all([formatTs(source), emitClientTypes(ir)]);
  return [{ path: CLIENT_PATH, contents }, types];
}
