/**
 * The structured logger: one JSON object per line, filtered by level, fields merged in.
 * Operators grep these lines and ship them to log stores, so their shape is a contract.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger, type LogLevel } from './logger.js';

function capture(level: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger(level, (l) => lines.push(l));
  return {
    logger,
    lines,
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const ALL: LogLevel[] = ['debug', 'info', 'warn', 'error'];

describe('createLogger', () => {
  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at level %s writes exactly %j', (level, expected) => {
    const { logger, parsed } = capture(level);
    for (const l of ALL) logger[l](`m-${l}`);
    expect(parsed().map((r) => r.level)).toEqual(expected);
    expect(parsed().map((r) => r.message)).toEqual(expected.map((l) => `m-${l}`));
  });

  it('writes one parseable JSON line with an ISO time, the level, the message and the fields', () => {
    const { logger, lines } = capture('info');
    const before = Date.now();
    logger.info('request', { requestId: 'r-1', status: 201, nested: { a: [1, 2] } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      message: 'request',
      requestId: 'r-1',
      status: 201,
      nested: { a: [1, 2] },
    });
    const time = Date.parse(record.time as string);
    expect(record.time).toBe(new Date(time).toISOString());
    expect(time).toBeGreaterThanOrEqual(before - 1);
    expect(time).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('keeps a multi-line message on one line (newlines are escaped, not emitted)', () => {
    const { logger, lines } = capture('debug');
    logger.error('first\nsecond', { stack: 'a\nb' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'first\nsecond', stack: 'a\nb' });
  });

  it('writes to stdout by default', () => {
    const chunks: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      chunks.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      createLogger('warn').warn('to stdout', { n: 1 });
      createLogger('warn').info('filtered out');
    } finally {
      process.stdout.write = original;
    }
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(chunks[0]!)).toMatchObject({ level: 'warn', message: 'to stdout', n: 1 });
  });
});

describe('silentLogger', () => {
  it('accepts every level and writes nothing', () => {
    const original = process.stdout.write.bind(process.stdout);
    let written = 0;
    process.stdout.write = (() => {
      written++;
      return true;
    }) as typeof process.stdout.write;
    try {
      for (const l of ALL) silentLogger[l]('x', { a: 1 });
    } finally {
      process.stdout.write = original;
    }
    expect(written).toBe(0);
  });
});
