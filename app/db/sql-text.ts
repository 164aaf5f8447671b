/**
 * Splitting SQL script text into statements, aware of quotes, dollar quotes and
 * comments. Pure; used to pick the seed INSERTs out of db/schema.sql. Not a parser:
 * it only needs to know where one statement ends.
 */

export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (text[i] === c) {
          if (text[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else i++;
    } else if (c === ';') {
      out.push(text.slice(start, i + 1));
      start = i + 1;
      i++;
    } else i++;
  }
  if (text.slice(start).trim()) out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => stripComments(s).trim() !== '');
}

/** The statement without leading `--` and block comments, for classifying it. */
export function stripComments(statement: string): string {
  return statement.replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))*/, '');
}

/** The seed part of a schema file: its INSERT statements, in file order. */
export function seedStatements(schemaSql: string): string[] {
  return splitStatements(schemaSql).filter((s) => /^insert\s/i.test(stripComments(s).trim()));
}
