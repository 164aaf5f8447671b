/**
 * The internal model every OpenAPI emitter reads. `load.ts` is the only producer: it reads
 * the document (YAML or JSON, 3.0.x or 3.1.x), bundles external `$ref`s, and normalises
 * both versions into this one form, so no emitter ever branches on the OpenAPI version.
 *
 * Schemas stay JSON-Schema-shaped (emitters need the whole vocabulary) but normalised:
 * - 3.0 `nullable: true` becomes `type: [..., 'null']` (or `anyOf [.., {type:'null'}]` for
 *   `$ref`/composition), 3.0 `exclusiveMinimum: true` becomes the 3.1 numeric form,
 *   `example` becomes `examples: [..]`;
 * - every internal `$ref` points at `#/components/schemas/<Name>` (other local refs, e.g.
 *   to parameters or responses, are inlined at ingest);
 * - operation parameters are merged from path level and operation level, resolved.
 */

/** A JSON Schema (2020-12 flavour, as OpenAPI 3.1 uses it) after normalisation. */
export interface SchemaObject {
  $ref?: string;
  type?: JsonType | JsonType[];
  /**
   * `binary` marks raw bytes: 3.0 `format: binary`, 2.0 `type: file`, and 3.1 strings with
   * a non-textual `contentMediaType` and no `contentEncoding` (see normalise/binary.ts).
   */
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  title?: string;
  description?: string;
  examples?: unknown[];
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  // strings
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  // numbers
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  // arrays
  items?: SchemaObject;
  prefixItems?: SchemaObject[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  contains?: SchemaObject;
  minContains?: number;
  maxContains?: number;
  // objects
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  minProperties?: number;
  maxProperties?: number;
  /** Pattern (ECMA-262 source) → schema for every matching property name. */
  patternProperties?: Record<string, SchemaObject>;
  propertyNames?: SchemaObject;
  /** 2020-12 form; draft-4 `dependencies` is split into this and `dependentSchemas`. */
  dependentRequired?: Record<string, string[]>;
  dependentSchemas?: Record<string, SchemaObject>;
  /**
   * Only `false` (or a schema) over the properties this schema and its `allOf`/`$ref`
   * members declare; see normalise/keywords.ts for what is evaluated.
   */
  unevaluatedProperties?: boolean | SchemaObject;
  // composition
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  not?: SchemaObject;
  if?: SchemaObject;
  then?: SchemaObject;
  else?: SchemaObject;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  /** Vendor extensions (`x-…`) are kept verbatim. */
  [extension: `x-${string}`]: unknown;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterIR {
  name: string;
  in: ParameterLocation;
  required: boolean;
  description?: string;
  deprecated?: boolean;
  /** Defaults applied per OpenAPI: query/cookie `form`, path/header `simple`. */
  style: 'form' | 'simple' | 'label' | 'matrix' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  /** Default `true` for `form`, else `false`. */
  explode: boolean;
  schema: SchemaObject;
}

export interface MediaIR {
  /** e.g. `application/json`, `application/problem+json`, `text/plain`. */
  contentType: string;
  schema: SchemaObject;
  /** Form bodies only: the media type's `encoding` by property name, keys sorted. */
  encoding?: Record<string, EncodingIR>;
}

/**
 * How one property of a form body is serialised (OpenAPI Encoding Object). Absent fields
 * take OpenAPI's defaults, applied where the body is decoded (see zod/form-fields.ts).
 */
export interface EncodingIR {
  /** The part's media type (multipart), or `application/json` for a JSON-valued field. */
  contentType?: string;
  style?: 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode?: boolean;
}

export interface RequestBodyIR {
  required: boolean;
  description?: string;
  /** Sorted by content type for deterministic output. */
  content: MediaIR[];
}

export interface HeaderIR {
  name: string;
  required: boolean;
  schema: SchemaObject;
  description?: string;
}

export interface ResponseIR {
  /** `'200'`, `'404'`, `'4XX'` or `'default'`, exactly as written in the spec. */
  status: string;
  description: string;
  content: MediaIR[];
  headers: HeaderIR[];
}

export interface SecurityRequirementIR {
  /** Scheme name → scopes. An empty array of requirements means "public". */
  [scheme: string]: string[];
}

export interface OperationIR {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  /** OpenAPI path template, e.g. `/api/v1/jobs/{jobId}`. */
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** First tag is the handler file the operation's stub lives in; `default` if none. */
  tags: string[];
  parameters: ParameterIR[];
  requestBody?: RequestBodyIR;
  /** Sorted: numeric statuses ascending, then `1XX`..`5XX`, then `default`. */
  responses: ResponseIR[];
  /** Effective security (operation level, else document level). `[]` = explicitly public. */
  security: SecurityRequirementIR[];
  /**
   * Effective `x-permission`, always a list: the principal needs ANY one of them.
   * Empty for public operations. The spec may write a string or a list of strings.
   */
  permissions: string[];
  /** All `x-…` extensions of the operation, verbatim. */
  extensions: Record<string, unknown>;
}

export interface SecuritySchemeIR {
  name: string;
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  scheme?: string;
  bearerFormat?: string;
  in?: 'query' | 'header' | 'cookie';
  paramName?: string;
}

export interface ApiIR {
  /** The document's `openapi` field as written (`3.0.3`, `3.1.0`, …). */
  sourceVersion: string;
  info: { title: string; version: string; description?: string };
  /** Path of the source document relative to the working directory, for file headers. */
  sourcePath: string;
  /** Component schemas by name, keys sorted. */
  schemas: Record<string, SchemaObject>;
  /** Sorted by path, then by method in the order of `OperationIR['method']`. */
  operations: OperationIR[];
  securitySchemes: SecuritySchemeIR[];
  /**
   * The bundled document as written (external refs inlined, version and internal refs
   * unchanged, not normalised): the input for openapi-typescript and what the server
   * publishes at /openapi.json.
   */
  document: Record<string, unknown>;
  /**
   * Schema keywords the validators do not enforce, each with the JSON pointer where it
   * was met (see normalise/keywords.ts); `gen` prints them. Sorted by pointer.
   */
  warnings?: SchemaWarning[];
}

export interface SchemaWarning {
  /** JSON pointer into the source document, e.g. `#/components/schemas/Pet/$dynamicRef`. */
  pointer: string;
  keyword: string;
  message: string;
}
