/**
 * Behaviour of the custom scalars the emitter declares (generators/graphql/types.ts): each
 * validates what it parses, so a malformed UUID or date-time is a GraphQL validation error
 * before any operation runs, and serialises what handlers return unchanged.
 */
import {
  GraphQLError,
  Kind,
  type GraphQLScalarType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';

type Parse = (value: unknown) => unknown;

// RFC 3339 section 5.6, as `format: date-time` means it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Deliberately loose (the operation's zod schema has the final word): one @, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function stringOf(name: string, test: (s: string) => boolean): Parse {
  return (value) => {
    if (typeof value !== 'string' || !test(value))
      throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value) ?? String(value)}`);
    return value;
  };
}

function int64(value: unknown): number | string {
  let big: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  else if (typeof value === 'bigint') big = value;
  else throw new GraphQLError(`Int64 cannot represent ${JSON.stringify(value) ?? String(value)}`);
  if (big < INT64_MIN || big > INT64_MAX) throw new GraphQLError('Int64 out of range');
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

/** A literal in a query → the JS value the parser checks (objects and lists for JSON). */
export function literalValue(node: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.INT:
      return Number.isSafeInteger(Number(node.value)) ? Number(node.value) : node.value;
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((f) => [f.name.value, literalValue(f.value, variables)]),
      );
    case Kind.VARIABLE:
      return variables?.[node.name.value];
  }
}

const behaviours: Record<string, Parse> = {
  JSON: (value) => value,
  DateTime: stringOf('DateTime', (s) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s))),
  UUID: stringOf('UUID', (s) => UUID.test(s)),
  Email: stringOf('Email', (s) => EMAIL.test(s) && s.length <= 254),
  Int64: int64,
};

/** Gives the schema's custom scalars (those it declares) their parsing and serialising. */
export function attachScalars(schema: GraphQLSchema): void {
  for (const [name, parse] of Object.entries(behaviours)) {
    const type = schema.getType(name) as GraphQLScalarType | undefined;
    if (!type) continue;
    type.serialize = parse;
    type.parseValue = parse;
    type.parseLiteral = (node, variables) => parse(literalValue(node, variables));
  }
}
