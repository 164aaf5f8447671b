/**
 * JSON Schema (IR form) → graphql-js types, in two modes: `output` (object types, unions;
 * readOnly kept, writeOnly dropped) and `input` (input objects, `@oneOf`; writeOnly kept,
 * readOnly dropped). The mapping rules are listed in generators/graphql/README.md; each has
 * a row in types.test.ts.
 *
 * Everything the runtime needs to translate between the two shapes (renamed fields, renamed
 * enum values, discriminator mappings) is recorded in `maps`, emitted beside the SDL.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLString,
  GraphQLUnionType,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import type { SchemaObject } from '../openapi/ir.js';
import { isGraphqlName, NameScope, pascalName, sanitizeEnumValue, sanitizeName } from './names.js';

export type Mode = 'input' | 'output';

/** A component's own name and cache key, given to the first named type built for it. */
interface Fixed {
  name: string;
  key: string;
}

/** Custom scalars: the formats they stand for are validated by runtime/graphql/scalars.ts. */
export const SCALARS = {
  JSON: new GraphQLScalarType({
    name: 'JSON',
    description:
      'Any JSON value. Used for free-form maps (`additionalProperties`), values of several types and unions the schema cannot tell apart.',
    specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc8259',
  }),
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    description: 'An RFC 3339 date-time string (OpenAPI `format: date-time`).',
    specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  }),
  UUID: new GraphQLScalarType({
    name: 'UUID',
    description: 'A UUID string (OpenAPI `format: uuid`).',
    specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc9562',
  }),
  Email: new GraphQLScalarType({
    name: 'Email',
    description: 'An email address (OpenAPI `format: email`).',
    specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.1.2',
  }),
  Int64: new GraphQLScalarType({
    name: 'Int64',
    description:
      'A signed 64-bit integer (OpenAPI `format: int64`): a JSON number when it is a safe integer, else a decimal string.',
  }),
} as const;

export interface TypeMaps {
  /** Type name → GraphQL field name → JSON property name, where they differ. */
  fields: Record<string, Record<string, string>>;
  /** Enum name → GraphQL value → JSON value, where they differ. */
  enums: Record<string, Record<string, string>>;
  /** Union name → discriminator property and its value → member type name. */
  unions: Record<string, { propertyName: string; mapping: Record<string, string> }>;
}

const REF_PREFIX = '#/components/schemas/';

function refName(ref: string): string | undefined {
  if (!ref.startsWith(REF_PREFIX)) return undefined;
  return ref.slice(REF_PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~');
}

function types(s: SchemaObject): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

const isNullSchema = (s: SchemaObject) =>
  (types(s).length === 1 && types(s)[0] === 'null') ||
  (s.const === null && s.type === undefined) ||
  (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);

/** Keywords that describe a schema without changing what it accepts or its shape. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'default',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'externalDocs',
  'xml',
]);
const isAnnotationOnly = (s: SchemaObject): boolean =>
  Object.keys(s).every((k) => ANNOTATIONS.has(k) || k.startsWith('x-'));

export class TypeMapper {
  readonly maps: TypeMaps = { fields: {}, enums: {}, unions: {} };
  readonly warnings: string[] = [];
  private readonly scope: NameScope;
  private readonly named = new Map<string, GraphQLOutputType | GraphQLInputType>();
  private readonly componentNames = new Map<string, string>();
  private readonly inlineAllOf = {
    input: new WeakMap<SchemaObject, GraphQLOutputType | GraphQLInputType>(),
    output: new WeakMap<SchemaObject, GraphQLOutputType | GraphQLInputType>(),
  };

  constructor(
    private readonly schemas: Record<string, SchemaObject>,
    reserved: readonly string[],
  ) {
    this.scope = new NameScope(reserved);
    // Component names are claimed first, in sorted order, so they never depend on which
    // operation happens to reach them first.
    for (const name of Object.keys(schemas).sort()) {
      this.componentNames.set(name, this.scope.claim(name));
    }
  }

  claimTypeName(hint: string): string {
    return this.scope.claim(hint);
  }

  resolve(s: SchemaObject, seen = new Set<string>()): SchemaObject {
    const name = s.$ref ? refName(s.$ref) : undefined;
    if (name === undefined || seen.has(name)) return s;
    const target = this.schemas[name];
    if (!target) return {};
    seen.add(name);
    return this.resolve(target, seen);
  }

  /** 3.0 `nullable`, 3.1 `type: [.., 'null']`, or a null branch of oneOf/anyOf. */
  isNullable(s: SchemaObject): boolean {
    const r = this.resolve(s);
    if (types(r).includes('null')) return true;
    if (Array.isArray(r.enum) && r.enum.includes(null)) return true;
    const branches = r.oneOf ?? r.anyOf;
    if (branches?.some((b) => isNullSchema(b) || (b !== r && this.isNullable(b)))) return true;
    return r.allOf?.length ? r.allOf.every((b) => this.isNullable(b)) : false;
  }

  /** The schema without its null alternative (a single remaining branch stands alone). */
  private stripNull(s: SchemaObject): SchemaObject {
    let out = s;
    const t = types(s);
    if (t.includes('null')) {
      const rest = t.filter((x) => x !== 'null');
      out = {
        ...s,
        type: (rest.length === 1
          ? rest[0]
          : rest.length
            ? rest
            : undefined) as SchemaObject['type'],
      };
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = out[key];
      if (!branches?.some(isNullSchema)) continue;
      const kept = branches.filter((b) => !isNullSchema(b));
      const { [key]: _drop, ...restSchema } = out;
      const hasOthers = Object.keys(restSchema).some(
        (k) =>
          !['description', 'title', 'default', 'nullable', 'discriminator'].includes(k) &&
          !k.startsWith('x-'),
      );
      out =
        kept.length === 1 && !hasOthers && !out.discriminator
          ? { ...kept[0]!, description: kept[0]!.description ?? s.description }
          : { ...restSchema, [key]: kept };
    }
    return out;
  }

  /** The GraphQL type for a schema, without the outer non-null (the caller decides). */
  output(s: SchemaObject, hint: string): GraphQLOutputType {
    return this.map(s, hint, 'output') as GraphQLOutputType;
  }

  input(s: SchemaObject, hint: string): GraphQLInputType {
    return this.map(s, hint, 'input') as GraphQLInputType;
  }

  private map(
    schema: SchemaObject,
    hint: string,
    mode: Mode,
    fixed?: Fixed,
  ): GraphQLOutputType | GraphQLInputType {
    const ref = schema.$ref ? refName(schema.$ref) : undefined;
    if (ref !== undefined && this.schemas[ref]) return this.component(ref, mode);
    if (ref !== undefined) return SCALARS.JSON;
    const s = this.stripNull(schema);
    if (s !== schema && s.$ref) return this.map(s, hint, mode);

    if (s.allOf?.length) return this.allOf(s, hint, mode, fixed);
    const branches = (s.oneOf ?? s.anyOf)?.filter((b) => !isNullSchema(b));
    if (branches?.length) return this.choice(s, branches, hint, mode, fixed);

    if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => typeof v === 'string'))
      return this.enumType(s.enum as string[], hint, fixed, s.description);

    const t = types(s);
    if (t.length > 1) return SCALARS.JSON;
    if (t.length === 0 && s.const !== undefined && s.const !== null) {
      const c = s.const;
      if (typeof c === 'string') return this.stringScalar(s);
      if (typeof c === 'boolean') return GraphQLBoolean;
      if (typeof c === 'number') return Number.isInteger(c) ? GraphQLInt : GraphQLFloat;
    }
    const type = t[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'string':
        return this.stringScalar(s);
      case 'integer':
        return s.format === 'int64' ? SCALARS.Int64 : GraphQLInt;
      case 'number':
        return GraphQLFloat;
      case 'boolean':
        return GraphQLBoolean;
      case 'array': {
        const item = s.items ?? {};
        const inner = this.map(item, `${hint}Item`, mode) as GraphQLOutputType;
        return new GraphQLList(this.isNullable(item) ? inner : new GraphQLNonNull(inner));
      }
      case 'object':
        return this.objectType(s, hint, mode, fixed);
      default:
        return SCALARS.JSON;
    }
  }

  private stringScalar(s: SchemaObject): GraphQLScalarType {
    switch (s.format) {
      case 'date-time':
        return SCALARS.DateTime;
      case 'uuid':
        return SCALARS.UUID;
      case 'email':
        return SCALARS.Email;
      default:
        return GraphQLString;
    }
  }

  /** A named component: its type is built once per mode and shared. */
  private component(name: string, mode: Mode): GraphQLOutputType | GraphQLInputType {
    const schema = this.schemas[name]!;
    const r = this.stripNull(schema);
    const isObject = !!(
      r.allOf?.length ||
      r.oneOf?.length ||
      r.anyOf?.length ||
      r.properties ||
      types(r).includes('object')
    );
    // Enums and scalars are one type for both modes; objects get an `…Input` twin. Arrays
    // and aliases (`$ref` only) are per mode too: they may lead to an object, whose output
    // type is no input type.
    const perMode = isObject || !!r.items || types(r).includes('array') || !!r.$ref;
    const key = perMode ? `${mode}:${name}` : `both:${name}`;
    const done = this.named.get(key);
    if (done) return done;
    const base = this.componentNames.get(name)!;
    const fixed =
      mode === 'input' && isObject
        ? { name: this.scope.claim(`${base}Input`), key }
        : { name: base, key };
    const hint = mode === 'input' && perMode && !isObject ? `${base}Input` : fixed.name;
    const out = this.map(schema, hint, mode, fixed);
    this.named.set(key, out);
    return out;
  }

  /** The fixed name of a component, else a fresh one from the hint. */
  private takeName(hint: string, fixed: Fixed | undefined): { name: string; key?: string } {
    return fixed ?? { name: this.scope.claim(hint) };
  }

  /** Registered before fields are built (graphql-js takes thunks): recursion terminates. */
  private register<T extends GraphQLOutputType | GraphQLInputType>(
    key: string | undefined,
    t: T,
  ): T {
    if (key) this.named.set(key, t);
    return t;
  }

  private enumType(
    values: string[],
    hint: string,
    fixed: Fixed | undefined,
    description?: string,
  ): GraphQLEnumType {
    const { name, key } = this.takeName(hint, fixed);
    const scope = new NameScope(['true', 'false', 'null']);
    const renamed: Record<string, string> = {};
    const config: Record<string, { value: string }> = {};
    const unique = [...new Set(values)];
    const valid = (v: string) => isGraphqlName(v) && !['true', 'false', 'null'].includes(v);
    // Valid names keep theirs; the others are sanitised around them, in spec order.
    const gqlOf = new Map<string, string>();
    for (const v of unique.filter(valid))
      gqlOf.set(
        v,
        scope.claim(v, (x) => x),
      );
    for (const v of unique.filter((x) => !valid(x)))
      gqlOf.set(v, scope.claim(v, sanitizeEnumValue));
    for (const v of unique) {
      const gql = gqlOf.get(v)!;
      if (gql !== v) renamed[gql] = v;
      config[gql] = { value: gql };
    }
    if (Object.keys(renamed).length) this.maps.enums[name] = renamed;
    return this.register(key, new GraphQLEnumType({ name, values: config, description }));
  }

  /** allOf: one object type with every part's properties and the union of `required`. */
  private allOf(s: SchemaObject, hint: string, mode: Mode, fixed: Fixed | undefined) {
    // `allOf: [$ref]` or `allOf: [$ref, {description: …}]` (3.0's way to annotate a
    // reference, e.g. make it nullable; AWS specs do it on every property) is the ref.
    // Merged inline instead, a recursive component would unfold into a fresh copy per level.
    const refs = s.allOf!.filter((p) => p.$ref);
    const others = s.allOf!.filter((p) => !p.$ref);
    if (refs.length === 1 && !s.properties && others.every(isAnnotationOnly)) {
      const t = this.map(refs[0]!, hint, mode);
      if (fixed) this.named.set(fixed.key, t);
      return t;
    }
    // The same inline allOf reached again (a recursive component's property) is one type.
    const cached = fixed ? undefined : this.inlineAllOf[mode].get(s);
    if (cached) return cached;
    const merged: SchemaObject = { type: 'object', properties: {}, required: [] };
    const visit = (part: SchemaObject, seen: Set<string>) => {
      const name = part.$ref ? refName(part.$ref) : undefined;
      if (name !== undefined) {
        if (seen.has(name)) return;
        seen = new Set(seen).add(name);
      }
      const r = this.stripNull(this.resolve(part));
      for (const sub of r.allOf ?? []) visit(sub, seen);
      Object.assign(merged.properties!, r.properties ?? {});
      merged.required!.push(...(r.required ?? []));
      if (r.additionalProperties && !r.properties)
        merged.additionalProperties = r.additionalProperties;
    };
    visit({ ...s, allOf: undefined }, new Set());
    for (const part of s.allOf ?? []) visit(part, new Set());
    merged.description = s.description;
    const t = this.objectType(merged, hint, mode, fixed);
    if (!fixed) this.inlineAllOf[mode].set(s, t);
    return t;
  }

  private objectType(
    s: SchemaObject,
    hint: string,
    mode: Mode,
    fixed: Fixed | undefined,
  ): GraphQLObjectType | GraphQLInputObjectType | GraphQLScalarType {
    const props = Object.entries(s.properties ?? {}).filter(([, p]) => {
      const r = this.resolve(p);
      return mode === 'output' ? !(p.writeOnly || r.writeOnly) : !(p.readOnly || r.readOnly);
    });
    if (props.length === 0) return SCALARS.JSON;
    const { name, key } = this.takeName(hint, fixed);
    const required = new Set(s.required ?? []);
    const fieldScope = new NameScope();
    const renamed: Record<string, string> = {};
    // Properties that are GraphQL names keep them; the others are sanitised around them.
    const fieldOf = new Map<string, string>();
    for (const [prop] of props) if (isGraphqlName(prop)) fieldOf.set(prop, fieldScope.claim(prop));
    const entries = props.map(([prop, p]) => {
      const field = fieldOf.get(prop) ?? fieldScope.claim(prop);
      if (field !== prop) renamed[field] = prop;
      return { prop, field, schema: p };
    });
    if (Object.keys(renamed).length) this.maps.fields[name] = renamed;
    const description = s.description;
    const fieldHint = (prop: string) => `${name}${pascalName(prop)}`;
    if (mode === 'output') {
      return this.register(
        key,
        new GraphQLObjectType({
          name,
          description,
          fields: () => {
            const out: GraphQLFieldConfigMap<unknown, unknown> = {};
            for (const e of entries) {
              const t = this.output(e.schema, fieldHint(e.prop));
              const nonNull = required.has(e.prop) && !this.isNullable(e.schema);
              out[e.field] = {
                type: nonNull ? new GraphQLNonNull(t) : t,
                description: this.describe(e.schema),
                deprecationReason: e.schema.deprecated
                  ? 'Deprecated in the OpenAPI document.'
                  : undefined,
              };
            }
            return out;
          },
        }),
      );
    }
    return this.register(
      key,
      new GraphQLInputObjectType({
        name,
        description,
        fields: () => {
          const out: GraphQLInputFieldConfigMap = {};
          for (const e of entries) {
            const t = this.input(e.schema, `${fieldHint(e.prop)}Input`);
            out[e.field] = {
              type: this.inputNonNull(e.schema, required.has(e.prop)) ? new GraphQLNonNull(t) : t,
              description: this.describe(e.schema),
            };
          }
          return out;
        },
      }),
    );
  }

  /** Input non-null iff required, not nullable and without a default. */
  inputNonNull(s: SchemaObject, required: boolean): boolean {
    return (
      required &&
      !this.isNullable(s) &&
      this.resolve(s).default === undefined &&
      s.default === undefined
    );
  }

  describe(s: SchemaObject): string | undefined {
    return s.description ?? (s.$ref ? this.resolve(s).description : undefined);
  }

  /**
   * oneOf/anyOf. Output: a union when every branch is an object and a discriminator tells
   * them apart, else JSON with a warning. Input: a `@oneOf` input object with one field
   * per branch.
   */
  private choice(
    s: SchemaObject,
    branches: SchemaObject[],
    hint: string,
    mode: Mode,
    fixed: Fixed | undefined,
  ): GraphQLOutputType | GraphQLInputType {
    const label = (b: SchemaObject, i: number) => {
      const name = b.$ref ? refName(b.$ref) : undefined;
      return name ?? this.resolve(b).title ?? `Option${i + 1}`;
    };
    if (mode === 'input') {
      const { name, key } = this.takeName(hint, fixed);
      const fieldScope = new NameScope();
      const fields = branches.map((b, i) => ({
        field: fieldScope.claim(lowerFirst(pascalName(label(b, i)))),
        schema: b,
        i,
      }));
      return this.register(
        key,
        new GraphQLInputObjectType({
          name,
          description: s.description,
          isOneOf: true,
          fields: () =>
            Object.fromEntries(
              fields.map((f) => [
                f.field,
                {
                  type: this.input(f.schema, `${name}${pascalName(label(f.schema, f.i))}`),
                  description: this.describe(f.schema),
                },
              ]),
            ),
        }),
      );
    }
    const objectLike = branches.every((b) => {
      const r = this.stripNull(this.resolve(b));
      return !!(r.properties || r.allOf?.length) && !(r.oneOf || r.anyOf);
    });
    const disc = s.discriminator;
    if (!objectLike || !disc) {
      this.warnings.push(
        `${hint}: ${s.oneOf ? 'oneOf' : 'anyOf'} ${objectLike ? 'without a discriminator' : 'with non-object branches'} is exposed as the JSON scalar`,
      );
      return SCALARS.JSON;
    }
    const { name, key } = this.takeName(hint, fixed);
    // Discriminator values: the explicit mapping, else the component name (OpenAPI default).
    const valueOf = new Map<number, string[]>();
    const explicit = Object.entries(disc.mapping ?? {});
    branches.forEach((b, i) => {
      const values = explicit
        .filter(([, target]) => b.$ref && (target === b.$ref || target === refName(b.$ref)))
        .map(([v]) => v);
      if (values.length === 0) {
        const inline = this.resolve(b).properties?.[disc.propertyName];
        const pinned = inline?.const ?? (inline?.enum?.length === 1 ? inline.enum[0] : undefined);
        if (typeof pinned === 'string') values.push(pinned);
        else if (b.$ref) values.push(refName(b.$ref)!);
      }
      valueOf.set(i, values);
    });
    const members = branches.map((b, i) => {
      const t = this.output(b, `${name}${pascalName(label(b, i))}`);
      return t instanceof GraphQLObjectType ? t : undefined;
    });
    if (members.some((m) => m === undefined)) {
      this.warnings.push(`${hint}: a union branch has no object type; exposed as the JSON scalar`);
      return this.register(key, SCALARS.JSON);
    }
    const mapping: Record<string, string> = {};
    branches.forEach((_b, i) => {
      for (const v of valueOf.get(i) ?? []) mapping[v] = members[i]!.name;
    });
    this.maps.unions[name] = { propertyName: disc.propertyName, mapping };
    const unique = [...new Map(members.map((m) => [m!.name, m!])).values()];
    return this.register(
      key,
      new GraphQLUnionType({ name, description: s.description, types: unique }),
    );
  }
}

function lowerFirst(text: string): string {
  return text[0]!.toLowerCase() + text.slice(1);
}

export { sanitizeName };
