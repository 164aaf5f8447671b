/**
 * One regression per validator bug class, on the small spec in
 * test/fixtures/differential/bug-classes.yaml (each schema's comment names its class).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadApi } from '../../generators/openapi/load.js';
import { importEmitted, type EmittedModule } from '../support/load-emitted.js';

let mod: EmittedModule;
const ok = (name: string, value: unknown) => mod.schemas[name]!.safeParse(value).success;

beforeAll(async () => {
  const ir = await loadApi('test/fixtures/differential/bug-classes.yaml');
  mod = (await importEmitted(ir, { format: false })).module;
});

describe('validator bug classes', () => {
  it('required is honoured when the name is declared in another allOf member', () => {
    expect(ok('RequiredInAllOf', {})).toBe(false);
    expect(ok('RequiredInAllOf', { state: 'open' })).toBe(true);
    expect(ok('RequiredBesideAllOf', { id: 'a' })).toBe(false);
    expect(ok('RequiredBesideAllOf', { id: 'a', state: 'closed' })).toBe(true);
  });

  it('additionalProperties: false inside allOf/anyOf rejects keys its member does not declare', () => {
    expect(ok('StrictInAllOf', { a: 'x' })).toBe(true);
    expect(ok('StrictInAllOf', { a: 'x', b: 'y' })).toBe(false);
    expect(ok('StrictInAnyOf', { a: 'x' })).toBe(true);
    expect(ok('StrictInAnyOf', { b: 1 })).toBe(true);
    expect(ok('StrictInAnyOf', { a: 'x', b: 1 })).toBe(false);
  });

  it('a discriminator without mapping dispatches on the values the branches pin', () => {
    expect(ok('PetPinned', { kind: 'cat', meow: true })).toBe(true);
    expect(ok('PetPinned', { kind: 'dog', bark: false })).toBe(true);
    expect(ok('PetPinned', { kind: 'Cat', meow: true })).toBe(false);
    expect(ok('PetPinned', { kind: 'dog', meow: true })).toBe(false);
  });

  it('patternProperties and prefixItems (+ items: false)', () => {
    expect(ok('Labels', { 'x-a': 'b' })).toBe(true);
    expect(ok('Labels', { 'x-a': 1 })).toBe(false);
    expect(ok('Labels', { other: 'b' })).toBe(false);
    expect(ok('Pair', ['a', 1])).toBe(true);
    expect(ok('Pair', ['a'])).toBe(true);
    expect(ok('Pair', [])).toBe(true);
    expect(ok('Pair', ['a', 'b'])).toBe(false);
    expect(ok('Pair', ['a', 1, 2])).toBe(false);
  });

  it('oneOf requires exactly one matching member', () => {
    expect(ok('NumberOrInteger', 1.5)).toBe(true);
    expect(ok('NumberOrInteger', 5)).toBe(false);
  });

  it('if/then/else, dependentRequired/dependentSchemas, contains, propertyNames', () => {
    expect(ok('Conditional', { country: 'NL', postcode: '1234AB' })).toBe(true);
    expect(ok('Conditional', { country: 'NL', postcode: '12345' })).toBe(false);
    expect(ok('Conditional', { country: 'US', postcode: '12345' })).toBe(true);
    expect(ok('Billing', { card: '1234' })).toBe(false);
    expect(ok('Billing', { card: '123', address: 'x' })).toBe(false);
    expect(ok('Billing', { card: '1234', address: 'x' })).toBe(true);
    expect(ok('Tags', ['a', 'main'])).toBe(true);
    expect(ok('Tags', ['a'])).toBe(false);
    expect(ok('Tags', ['main', 'main'])).toBe(false);
    expect(ok('Keys', { abc: 1 })).toBe(true);
    expect(ok('Keys', { Abc: 1 })).toBe(false);
  });

  it('const over objects ignores key order; multipleOf works with decimals', () => {
    expect(ok('Version', { minor: 0, major: 1 })).toBe(true);
    expect(ok('Version', { major: 1, minor: 1 })).toBe(false);
    expect(ok('Price', 19.99)).toBe(true);
    expect(ok('Price', 0.07)).toBe(true);
    expect(ok('Price', 19.995)).toBe(false);
  });

  it('unevaluatedProperties sees allOf members; int64 stays within the safe range', () => {
    expect(ok('Closed', { a: 'x', b: 'y' })).toBe(true);
    expect(ok('Closed', { a: 'x', c: 'y' })).toBe(false);
    expect(ok('BigId', Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(ok('BigId', 2 ** 60)).toBe(false);
  });

  it('allOf members that disagree on a default: the first applies, never a thrown merge', () => {
    const parse = (value: unknown) => mod.schemas.ReverseSearch!.safeParse(value);
    expect(parse({})).toEqual({ success: true, data: { countryByIP: false, limit: 5 } });
    expect(parse({ countryByIP: true })).toEqual({
      success: true,
      data: { countryByIP: true, limit: 5 },
    });
    expect(parse({ countryByIP: 'yes' }).success).toBe(false);
  });
});
