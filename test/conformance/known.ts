/**
 * JSON Schema Test Suite cases the generated validators knowingly answer differently,
 * by `dialect/file: group / test`, each with the reason (docs/validation.md).
 */
const FORMAT_ASSERTED =
  'format is asserted, not only annotated: an API validator rejects an invalid email, date, uuid…';
const NESTED_UNEVALUATED =
  'unevaluatedProperties follows anyOf/oneOf/if members one level deep, not their own nested conditionals';
const PROTO_VALUE =
  'a "__proto__" member is checked for presence but its value is not validated (zod reads it as the prototype)';

const UTF16 =
  'string lengths count UTF-16 units (zod), not code points: differs only beyond the BMP';

export const KNOWN_DIFFERENCES = new Map<string, string>([
  [
    'draft4/maxLength.json: maxLength validation / two supplementary Unicode code points is long enough',
    UTF16,
  ],
  [
    'draft4/minLength.json: minLength validation / one supplementary Unicode code point is not long enough',
    UTF16,
  ],
  ...['email', 'ipv4', 'ipv6', 'hostname', 'date', 'date-time', 'time', 'uri', 'uuid'].map(
    (f) =>
      [
        `draft2020-12/format.json: ${f} format / invalid ${f} string is only an annotation by default`,
        FORMAT_ASSERTED,
      ] as const,
  ),
  ...['b', 'c', 'd', 'xx', 'xx + foox', 'all', 'all + foo'].map(
    (t) =>
      [
        `draft2020-12/unevaluatedProperties.json: dynamic evalation inside nested refs / ${t} is valid`,
        NESTED_UNEVALUATED,
      ] as const,
  ),
  ...['draft2020-12', 'draft4'].map(
    (d) =>
      [
        `${d}/properties.json: properties whose names are Javascript object property names / __proto__ not valid`,
        PROTO_VALUE,
      ] as const,
  ),
]);
