import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email.js';

describe('normaliseEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['Ada@Example.COM', 'ada@example.com'],
    ['  ada@example.com\t\n', 'ada@example.com'],
    ['\u00a0ADA@EXAMPLE.COM\ufeff', 'ada@example.com'],
    ['ÄDA@Bücher.DE', 'äda@bücher.de'],
    // Inner characters are the address's own: only the ends are trimmed.
    ['"a b"@example.com', '"a b"@example.com'],
  ])('%j → %j', (typed, stored) => {
    expect(normaliseEmail(typed)).toBe(stored);
  });

  it('is idempotent, so normalising twice (service, then domain) is harmless', () => {
    for (const typed of ['  Ada@Example.COM ', 'İNCİ@example.com', 'ΣΟΦΙΑ@example.gr'])
      expect(normaliseEmail(normaliseEmail(typed))).toBe(normaliseEmail(typed));
  });
});
