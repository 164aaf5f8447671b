/**
 * Values between the two shapes of one contract: GraphQL arguments → the JSON the REST
 * operation takes, and the REST operation's JSON → what the GraphQL types describe. Field
 * and enum names differ only where the spec's names are not GraphQL names (the emitter
 * records those in the contract); `@oneOf` inputs unwrap to their one branch.
 */
import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isObjectType,
  isUnionType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import type { GraphqlContract } from './contract.js';

type Maps = Pick<GraphqlContract, 'fields' | 'enums' | 'unions'>;

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function toRest(value: unknown, type: GraphQLInputType, maps: Maps): unknown {
  if (value === null || value === undefined) return value;
  const t = getNullableType(type);
  if (isListType(t)) {
    const item = t.ofType as GraphQLInputType;
    return Array.isArray(value)
      ? value.map((v) => toRest(v, item, maps))
      : toRest(value, item, maps);
  }
  if (isEnumType(t)) {
    const renamed = maps.enums[t.name];
    return renamed && typeof value === 'string' && own(renamed, value) ? renamed[value] : value;
  }
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    const entries = Object.entries(value as Record<string, unknown>);
    if (t.isOneOf) {
      // The one branch given is the value itself.
      const [name, inner] = entries[0] ?? [];
      return name === undefined ? undefined : toRest(inner, fields[name]!.type, maps);
    }
    const renamed = maps.fields[t.name] ?? {};
    const out: Record<string, unknown> = {};
    for (const [name, inner] of entries) {
      const field = fields[name];
      if (!field) continue;
      const prop = own(renamed, name) ? renamed[name]! : name;
      Object.defineProperty(out, prop, {
        value: toRest(inner, field.type, maps),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** Union member chosen for a value while converting it; read by `resolveType`. */
export const memberType = new WeakMap<object, string>();

export function toGraphql(value: unknown, type: GraphQLOutputType, maps: Maps): unknown {
  if (value === null || value === undefined) return value;
  const t = getNullableType(type);
  if (isListType(t)) {
    const item = t.ofType as GraphQLOutputType;
    return Array.isArray(value) ? value.map((v) => toGraphql(v, item, maps)) : value;
  }
  if (isEnumType(t)) {
    const renamed = maps.enums[t.name];
    if (!renamed || typeof value !== 'string') return value;
    const back = Object.entries(renamed).find(([, json]) => json === value);
    return back ? back[0] : value;
  }
  if (isUnionType(t) && typeof value === 'object') {
    const union = maps.unions[t.name];
    const tag = union ? (value as Record<string, unknown>)[union.propertyName] : undefined;
    const memberName =
      typeof tag === 'string' && union && own(union.mapping, tag) ? union.mapping[tag] : undefined;
    const member = t.getTypes().find((m) => m.name === memberName);
    if (!member) return value; // resolveType reports the unknown variant
    const out = toGraphql(value, member, maps) as object;
    memberType.set(out, member.name);
    return out;
  }
  if (isObjectType(t) && typeof value === 'object')
    return objectToGraphql(value as Record<string, unknown>, t, maps);
  return value;
}

function objectToGraphql(value: Record<string, unknown>, t: GraphQLObjectType, maps: Maps) {
  const renamed = maps.fields[t.name] ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(t.getFields())) {
    const prop = own(renamed, name) ? renamed[name]! : name;
    if (own(value, prop)) out[name] = toGraphql(value[prop], field.type, maps);
  }
  return out;
}
