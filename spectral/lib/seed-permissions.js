// Pure: extract permission codes from the DDL's seed rows. The DDL is parsed textually on
// purpose (no database needed to lint the spec): the code is the first single-quoted
// literal of each tuple of every `INSERT INTO permissions ... VALUES (...), (...);`.

const INSERT_HEAD =
  /insert\s+into\s+(?:"?[A-Za-z_][\w$]*"?\s*\.\s*)?"?permissions"?\s*(?:\([^)]*\))?\s*values\s*/gi;

/**
 * @param {string} ddl the text of db/schema.sql
 * @returns {string[]} permission codes in file order, without duplicates
 */
export function parseSeedPermissions(ddl) {
  const codes = [];
  for (const match of ddl.matchAll(INSERT_HEAD)) {
    for (const code of firstLiteralOfEachTuple(ddl, match.index + match[0].length)) {
      if (!codes.includes(code)) codes.push(code);
    }
  }
  return codes;
}

/** Scans a VALUES list from `start` to the end of the statement (`;` outside literals). */
function firstLiteralOfEachTuple(text, start) {
  const codes = [];
  let depth = 0;
  let tupleHasLiteral = false;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      continue;
    }
    if (ch === "'") {
      const [literal, next] = readLiteral(text, i);
      if (depth === 1 && !tupleHasLiteral) {
        codes.push(literal);
        tupleHasLiteral = true;
      }
      i = next;
      continue;
    }
    if (ch === '(') {
      depth += 1;
      if (depth === 1) tupleHasLiteral = false;
    } else if (ch === ')') {
      depth -= 1;
    } else if (ch === ';' && depth === 0) {
      break;
    }
    i += 1;
  }
  return codes;
}

/** Reads a SQL string literal starting at the opening quote; `''` is an escaped quote. */
function readLiteral(text, openQuote) {
  let value = '';
  let i = openQuote + 1;
  while (i < text.length) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return [value, i + 1];
    }
    value += text[i];
    i += 1;
  }
  return [value, i];
}
