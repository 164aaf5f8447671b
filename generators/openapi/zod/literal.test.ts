/**
 * Spec strings reach generated code only through these helpers, so a hostile spec (public
 * specs are inputs too) must not be able to break out of a literal or a comment. Each
 * output is evaluated as JavaScript, not just compared as text.
 */
import { describe, expect, it } from 'vitest';
import { docComment, key, lit } from './literal.js';

/** Evaluates an expression as generated code would contain it. */
const evaluate = (source: string): unknown => new Function(`return (${source});`)();

describe('lit', () => {
  it.each([
    ['plain', 'hello'],
    ['quotes and backslashes', 'a"b\\c\'d'],
    ['control characters', 'tab\tnl\ncr\r\u0000\u001f'],
    ['line/paragraph separators', 'x\u2028y\u2029z'],
    ['template and script breakers', '${process.exit(1)}`</script>*/'],
    ['astral characters', '𝒳 🚀'],
  ])('round-trips a string with %s', (_why, value) => {
    const source = lit(value);
    expect(evaluate(source)).toBe(value);
    // U+2028/2029 are line terminators in older JS parsers and in comments: never raw.
    expect(source).not.toMatch(/[\u2028\u2029\n\r]/);
  });

  it.each([
    [42, '42'],
    [-0.5, '-0.5'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [Number.NaN, 'null'],
    [Number.POSITIVE_INFINITY, 'null'],
    [Number.NEGATIVE_INFINITY, 'null'],
    [12345678901234567890n, '12345678901234567890'],
  ])('%s → %s', (value, source) => {
    expect(lit(value)).toBe(source);
  });

  it('encodes nested JSON values that evaluate back to themselves', () => {
    const value = { a: [1, 'two\u2028', { b: null }], 'c"d': false };
    expect(evaluate(lit(value))).toEqual(value);
  });
});

describe('key', () => {
  it.each(['id', 'kebab-case', '0starts-with-digit', 'quote"key', 'sp ace'])(
    'quotes %j so any name is a valid property key',
    (name) => {
      const object = evaluate(`{ ${key(name)}: 1 }`) as Record<string, unknown>;
      expect(Object.getOwnPropertyNames(object)).toEqual([name]);
      expect(key(name).startsWith('"')).toBe(true);
    },
  );

  it('makes __proto__ a real own property, not the prototype', () => {
    const object = evaluate(`{ ${key('__proto__')}: { polluted: 1 } }`) as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
  });
});

describe('docComment', () => {
  it.each([undefined, '', '   \n\t '])('%j → no comment', (text) => {
    expect(docComment(text)).toBe('');
  });

  it('collapses whitespace onto one line and indents', () => {
    expect(docComment('  A job\n  posting.\r\n\tPublic. ', '  ')).toBe(
      '  /** A job posting. Public. */\n',
    );
  });

  it('cannot be closed early by the text', () => {
    const comment = docComment('ends here */ process.exit(1); /* and more');
    expect(comment.match(/\*\//g)).toHaveLength(1);
    // The comment is still one inert comment followed by a valid statement.
    expect(() => new Function(`${comment}return 1;`)).not.toThrow();
    expect(new Function(`${comment}return 1;`)()).toBe(1);
  });

  it('turns U+2028/U+2029 into spaces', () => {
    expect(docComment('a\u2028b\u2029c')).toBe('/** a b c */\n');
  });

  it('clips long text to 200 characters with an ellipsis', () => {
    const comment = docComment('x'.repeat(500));
    expect(comment).toBe(`/** ${'x'.repeat(197)}... */\n`);
    expect(docComment('y'.repeat(200))).toBe(`/** ${'y'.repeat(200)} */\n`);
  });
});
