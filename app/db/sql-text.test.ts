import { describe, expect, it } from 'vitest';
import { seedStatements, splitStatements } from './sql-text.js';

describe('splitStatements', () => {
  it.each([
    ['two statements', 'SELECT 1; SELECT 2;', ['SELECT 1;', 'SELECT 2;']],
    ['no trailing semicolon', 'SELECT 1', ['SELECT 1']],
    ['semicolon in a string', "INSERT INTO t VALUES ('a;b');", ["INSERT INTO t VALUES ('a;b');"]],
    ['doubled quote', "SELECT 'it''s;'; SELECT 2;", ["SELECT 'it''s;';", 'SELECT 2;']],
    ['quoted identifier', 'SELECT 1 AS "a;b";', ['SELECT 1 AS "a;b";']],
    ['line comment', '-- a; b\nSELECT 1;', ['-- a; b\nSELECT 1;']],
    ['block comment', '/* ; */ SELECT 1;', ['/* ; */ SELECT 1;']],
    ['dollar quote', 'DO $x$ BEGIN; END $x$; SELECT 1;', ['DO $x$ BEGIN; END $x$;', 'SELECT 1;']],
    ['comment-only tail dropped', 'SELECT 1; -- done', ['SELECT 1;']],
  ])('%s', (_name, text, expected) => {
    expect(splitStatements(text)).toEqual(expected);
  });
});

describe('seedStatements', () => {
  it('keeps INSERTs only, in order, comments before them allowed', () => {
    const text = `CREATE TABLE r (c text);\n-- seed\nINSERT INTO r VALUES ('a;') ON CONFLICT DO NOTHING;\ninsert into r values ('b');`;
    expect(seedStatements(text)).toEqual([
      "-- seed\nINSERT INTO r VALUES ('a;') ON CONFLICT DO NOTHING;",
      "insert into r values ('b');",
    ]);
  });
});
