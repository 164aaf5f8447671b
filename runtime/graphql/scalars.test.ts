/** The custom scalars accept what their format allows and refuse the rest, in literals and variables. */
import { buildSchema, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { attachScalars } from './scalars.js';

const schema = buildSchema(`
  scalar DateTime scalar UUID scalar Email scalar Int64 scalar JSON
  type Query { echo(d: DateTime, u: UUID, e: Email, i: Int64, j: JSON): JSON, big: Int64 }
`);
attachScalars(schema);
const fields = schema.getQueryType()!.getFields();
fields.echo!.resolve = (_s, args) => args;
fields.big!.resolve = () => '9223372036854775807';

const echo = async (arg: string, literal: string) => {
  const r = await graphql({ schema, source: `{ echo(${arg}: ${literal}) }` });
  return r.errors ? 'error' : (r.data!.echo as Record<string, unknown>)[arg];
};

describe('custom scalars', () => {
  const rows: [string, string, unknown][] = [
    ['d', '"2025-01-17T12:00:00Z"', '2025-01-17T12:00:00Z'],
    ['d', '"2025-01-17T12:00:00.5+02:00"', '2025-01-17T12:00:00.5+02:00'],
    ['d', '"2025-13-45T99:00:00Z"', 'error'],
    ['d', '"yesterday"', 'error'],
    ['u', '"0b7e9e1c-3d2f-4a5b-8c6d-7e8f9a0b1c2d"', '0b7e9e1c-3d2f-4a5b-8c6d-7e8f9a0b1c2d'],
    ['u', '"0b7e9e1c"', 'error'],
    ['u', '42', 'error'],
    ['e', '"ada@example.com"', 'ada@example.com'],
    ['e', '"not an email"', 'error'],
    ['i', '42', 42],
    ['i', '"9007199254740993"', '9007199254740993'],
    ['i', '"9223372036854775808"', 'error'],
    ['i', '1.5', 'error'],
    ['j', '{ a: [1, "x", true, null] }', { a: [1, 'x', true, null] }],
  ];
  it.each(rows)('%s: %s → %j', async (arg, literal, expected) => {
    expect(await echo(arg, literal)).toEqual(expected);
  });

  it('variables are checked the same way', async () => {
    const r = await graphql({
      schema,
      source: 'query($u: UUID) { echo(u: $u) }',
      variableValues: { u: 'nope' },
    });
    expect(r.errors?.[0]?.message).toMatch(/UUID cannot represent/);
  });

  it('Int64 beyond 2^53 is serialised as a decimal string', async () => {
    expect((await graphql({ schema, source: '{ big }' })).data).toEqual({
      big: '9223372036854775807',
    });
  });
});
