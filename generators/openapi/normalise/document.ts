/**
 * Bundled OpenAPI document → ApiIR. Pure and deterministic: sorted schemas, operations,
 * parameters, content types, statuses and headers; every non-schema ref inlined.
 */
import type {
  ApiIR,
  EncodingIR,
  HeaderIR,
  MediaIR,
  OperationIR,
  ParameterIR,
  ParameterLocation,
  RequestBodyIR,
  ResponseIR,
  SchemaObject,
  SecurityRequirementIR,
  SecuritySchemeIR,
} from '../ir.js';
import { deref } from './pointer.js';
import { collectedWarnings, normaliseSchema, type SchemaContext } from './schema.js';

type Json = Record<string, unknown>;

export const METHODS: OperationIR['method'][] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];
const LOCATIONS: ParameterLocation[] = ['path', 'query', 'header', 'cookie'];

const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const token = (t: string) => t.replace(/~/g, '~0').replace(/\//g, '~1');

/** The context for the schema at `pointer`; a `$ref`'d container moves it to the target. */
function at(ctx: SchemaContext, raw: unknown, pointer: string): SchemaContext {
  const ref = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined;
  return { ...ctx, at: ref?.startsWith('#') ? ref : pointer };
}

export function normaliseDocument(document: Json, sourcePath: string): ApiIR {
  const sourceVersion = String(document.openapi ?? '');
  if (!/^3\.[01]\./.test(sourceVersion)) {
    throw new Error(
      `${sourcePath}: unsupported OpenAPI version "${sourceVersion}" (3.0.x or 3.1.x expected)`,
    );
  }
  const ctx: SchemaContext = {
    doc: document,
    legacy: sourceVersion.startsWith('3.0.'),
    at: '#',
    warnings: new Map(),
  };
  const components = isObject(document.components) ? document.components : {};
  const info = isObject(document.info) ? document.info : {};

  const schemas: Record<string, SchemaObject> = {};
  const rawSchemas = isObject(components.schemas) ? components.schemas : {};
  for (const name of Object.keys(rawSchemas).sort(byString))
    schemas[name] = normaliseSchema(rawSchemas[name], {
      ...ctx,
      at: `#/components/schemas/${token(name)}`,
    });
  const operations = normaliseOperations(document, ctx);
  const warnings = collectedWarnings(ctx);

  return {
    sourceVersion,
    info: {
      title: String(info.title ?? ''),
      version: String(info.version ?? ''),
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
    },
    sourcePath,
    schemas,
    operations,
    securitySchemes: normaliseSecuritySchemes(document, components),
    document,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

function normaliseOperations(doc: Json, ctx: SchemaContext): OperationIR[] {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const docSecurity = Array.isArray(doc.security) ? doc.security : undefined;
  const ops: OperationIR[] = [];
  for (const path of Object.keys(paths).sort(byString)) {
    const item = deref<Json>(doc, paths[path]);
    if (!isObject(item)) continue;
    const itemCtx = at(ctx, paths[path], `#/paths/${token(path)}`);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const opCtx = { ...itemCtx, at: `${itemCtx.at}/${method}` };
      const security = normaliseSecurity(
        Array.isArray(op.security) ? op.security : (docSecurity ?? []),
      );
      const extensions: Record<string, unknown> = {};
      for (const k of Object.keys(op).sort(byString)) if (k.startsWith('x-')) extensions[k] = op[k];
      const rawPermission = op['x-permission'];
      const permissions =
        security.length === 0
          ? []
          : typeof rawPermission === 'string'
            ? [rawPermission]
            : Array.isArray(rawPermission)
              ? rawPermission.filter((p): p is string => typeof p === 'string')
              : [];
      const tags = Array.isArray(op.tags)
        ? op.tags.filter((t): t is string => typeof t === 'string')
        : [];
      const requestBody = normaliseRequestBody(
        op.requestBody,
        at(opCtx, op.requestBody, `${opCtx.at}/requestBody`),
      );
      ops.push({
        operationId:
          typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : '',
        method,
        path,
        ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
        ...(typeof op.description === 'string' ? { description: op.description } : {}),
        deprecated: op.deprecated === true,
        tags: tags.length > 0 ? tags : ['default'],
        parameters: normaliseParameters(
          shared,
          Array.isArray(op.parameters) ? op.parameters : [],
          itemCtx,
          opCtx,
        ),
        ...(requestBody ? { requestBody } : {}),
        responses: normaliseResponses(
          op.responses,
          at(opCtx, op.responses, `${opCtx.at}/responses`),
        ),
        security,
        permissions,
        extensions,
      });
    }
  }
  assignOperationIds(ops);
  return ops;
}

/**
 * Missing operationIds get `<method><Path>` (e.g. `getJobsJobId`); duplicates get `_2`,
 * `_3` in document order, so every operation has a unique, stable key.
 */
function assignOperationIds(ops: OperationIR[]): void {
  const used = new Set<string>();
  for (const op of ops) {
    let id = op.operationId;
    if (id === '') {
      const words = op.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
      id = op.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
    }
    let unique = id;
    for (let n = 2; used.has(unique); n++) unique = `${id}_${n}`;
    used.add(unique);
    op.operationId = unique;
  }
}

function normaliseSecurity(list: unknown[]): SecurityRequirementIR[] {
  return list.filter(isObject).map((req) => {
    const out: SecurityRequirementIR = {};
    for (const k of Object.keys(req).sort(byString)) {
      const scopes = req[k];
      out[k] = Array.isArray(scopes) ? scopes.map(String) : [];
    }
    return out;
  });
}

function schemaOfContent(content: unknown, ctx: SchemaContext): SchemaObject | undefined {
  if (!isObject(content)) return undefined;
  const first = Object.keys(content).sort(byString)[0];
  if (first === undefined) return undefined;
  const media = deref<Json>(ctx.doc, content[first]);
  const mediaCtx = at(ctx, content[first], `${ctx.at}/content/${token(first)}`);
  return isObject(media)
    ? normaliseSchema(media.schema, at(mediaCtx, media.schema, `${mediaCtx.at}/schema`))
    : {};
}

function normaliseParameters(
  shared: unknown[],
  own: unknown[],
  itemCtx: SchemaContext,
  opCtx: SchemaContext,
): ParameterIR[] {
  const byKey = new Map<string, ParameterIR>();
  const listed = [
    ...shared.map((raw, i) => at(itemCtx, raw, `${itemCtx.at}/parameters/${i}`)),
    ...own.map((raw, i) => at(opCtx, raw, `${opCtx.at}/parameters/${i}`)),
  ];
  for (const [i, raw] of [...shared, ...own].entries()) {
    const ctx = listed[i]!;
    const p = deref<Json>(ctx.doc, raw);
    if (!isObject(p) || typeof p.name !== 'string') continue;
    const loc = p.in as ParameterLocation;
    if (!LOCATIONS.includes(loc)) continue;
    const defaultStyle = loc === 'query' || loc === 'cookie' ? 'form' : 'simple';
    const style = (typeof p.style === 'string' ? p.style : defaultStyle) as ParameterIR['style'];
    const param: ParameterIR = {
      name: p.name,
      in: loc,
      required: loc === 'path' ? true : p.required === true,
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      ...(p.deprecated === true ? { deprecated: true } : {}),
      style,
      explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
      schema:
        p.schema !== undefined
          ? normaliseSchema(p.schema, at(ctx, p.schema, `${ctx.at}/schema`))
          : (schemaOfContent(p.content, ctx) ?? {}),
    };
    // Header names are case-insensitive; operation-level entries override path-level ones.
    const key = `${loc}:${loc === 'header' ? param.name.toLowerCase() : param.name}`;
    byKey.set(key, param);
  }
  return [...byKey.values()].sort(
    (a, b) => LOCATIONS.indexOf(a.in) - LOCATIONS.indexOf(b.in) || byString(a.name, b.name),
  );
}

function normaliseContent(content: unknown, ctx: SchemaContext): MediaIR[] {
  if (!isObject(content)) return [];
  return Object.keys(content)
    .sort(byString)
    .map((contentType) => {
      const media = deref<Json>(ctx.doc, content[contentType]);
      const mediaCtx = at(ctx, content[contentType], `${ctx.at}/content/${token(contentType)}`);
      const out: MediaIR = {
        contentType,
        schema: isObject(media)
          ? normaliseSchema(media.schema, at(mediaCtx, media.schema, `${mediaCtx.at}/schema`))
          : {},
      };
      const encoding = isObject(media) ? normaliseEncoding(media.encoding) : undefined;
      if (encoding) out.encoding = encoding;
      return out;
    });
}

const STYLES = new Set(['form', 'spaceDelimited', 'pipeDelimited', 'deepObject']);

/** The Encoding Objects of a media type, keys sorted; only the fields decoding needs. */
function normaliseEncoding(raw: unknown): Record<string, EncodingIR> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, EncodingIR> = {};
  for (const name of Object.keys(raw).sort(byString)) {
    const e = raw[name];
    if (!isObject(e)) continue;
    const enc: EncodingIR = {};
    if (typeof e.contentType === 'string') enc.contentType = e.contentType;
    if (typeof e.style === 'string' && STYLES.has(e.style))
      enc.style = e.style as EncodingIR['style'];
    if (typeof e.explode === 'boolean') enc.explode = e.explode;
    out[name] = enc;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function normaliseRequestBody(raw: unknown, ctx: SchemaContext): RequestBodyIR | undefined {
  if (raw === undefined) return undefined;
  const body = deref<Json>(ctx.doc, raw);
  if (!isObject(body)) return undefined;
  return {
    required: body.required === true,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    content: normaliseContent(body.content, ctx),
  };
}

/** Numeric statuses ascending, then `1XX`..`5XX`, then `default`. */
export function compareStatus(a: string, b: string): number {
  const rank = (s: string) =>
    /^\d{3}$/.test(s) ? Number(s) : /^[1-5]XX$/i.test(s) ? 1000 + Number(s[0]) : 2000;
  return rank(a) - rank(b) || byString(a, b);
}

function normaliseResponses(raw: unknown, ctx: SchemaContext): ResponseIR[] {
  const responses = deref<Json>(ctx.doc, raw);
  if (!isObject(responses)) return [];
  return Object.keys(responses)
    .filter((s) => !s.startsWith('x-'))
    .sort(compareStatus)
    .map((status) => {
      const r = deref<Json>(ctx.doc, responses[status]);
      const rctx = at(ctx, responses[status], `${ctx.at}/${token(status)}`);
      const headers: HeaderIR[] = [];
      const rawHeaders = isObject(r?.headers) ? r.headers : {};
      for (const name of Object.keys(rawHeaders).sort(byString)) {
        const h = deref<Json>(rctx.doc, rawHeaders[name]);
        if (!isObject(h)) continue;
        const hctx = at(rctx, rawHeaders[name], `${rctx.at}/headers/${token(name)}`);
        headers.push({
          name,
          required: h.required === true,
          schema:
            h.schema !== undefined
              ? normaliseSchema(h.schema, at(hctx, h.schema, `${hctx.at}/schema`))
              : (schemaOfContent(h.content, hctx) ?? {}),
          ...(typeof h.description === 'string' ? { description: h.description } : {}),
        });
      }
      return {
        status,
        description: typeof r?.description === 'string' ? r.description : '',
        content: isObject(r) ? normaliseContent(r.content, rctx) : [],
        headers,
      };
    });
}

function normaliseSecuritySchemes(doc: Json, components: Json): SecuritySchemeIR[] {
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const out: SecuritySchemeIR[] = [];
  for (const name of Object.keys(schemes).sort(byString)) {
    const s = deref<Json>(doc, schemes[name]);
    if (!isObject(s) || typeof s.type !== 'string') continue;
    out.push({
      name,
      type: s.type as SecuritySchemeIR['type'],
      ...(typeof s.scheme === 'string' ? { scheme: s.scheme } : {}),
      ...(typeof s.bearerFormat === 'string' ? { bearerFormat: s.bearerFormat } : {}),
      ...(typeof s.in === 'string' ? { in: s.in as SecuritySchemeIR['in'] } : {}),
      ...(s.type === 'apiKey' && typeof s.name === 'string' ? { paramName: s.name } : {}),
    });
  }
  return out;
}
