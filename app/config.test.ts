import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has zero-setup defaults', () => {
    expect(loadConfig({})).toMatchObject({
      env: 'development',
      port: 3000,
      validateResponses: true,
      dataDir: '.data',
      databaseUrl: undefined,
      redisUrl: undefined,
    });
  });

  // Production refuses to start without a signing key shared by every replica.
  const prodKey = {
    AUTH_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string,
  };

  it.each([
    // [env, expected subset]
    [{ NODE_ENV: 'production', ...prodKey }, { validateResponses: false }],
    [
      { NODE_ENV: 'production', VALIDATE_RESPONSES: 'true', ...prodKey },
      { validateResponses: true },
    ],
    [{ NODE_ENV: 'test', VALIDATE_RESPONSES: '0' }, { validateResponses: false }],
    [{ PORT: '0' }, { port: 0 }],
    [{ PORT: '' }, { port: 3000 }],
    [
      { DATABASE_URL: 'postgres://u@db:5432/jobs', REDIS_URL: 'redis://r:6379' },
      { databaseUrl: 'postgres://u@db:5432/jobs', redisUrl: 'redis://r:6379' },
    ],
  ])('%j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it('reports every bad value on its own line, hiding URL values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        NODE_ENV: 'staging',
        DATABASE_URL: 'mysql://root:secret@x/db',
        VALIDATE_RESPONSES: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems).toContain('PORT: must be a number (got "abc")');
    expect(problems.find((p) => p.startsWith('NODE_ENV:'))).toContain(
      'development, test or production',
    );
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(
      /postgres:\/\/.*\(value hidden\)$/,
    );
    expect((error as Error).message).not.toContain('secret');
  });

  it.each([
    ['PORT', '70000', 'at most 65535'],
    ['PORT', '1.5', 'integer'],
    ['REDIS_URL', 'http://x', 'redis://'],
  ])('%s=%s → %s', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(message);
  });
});

describe('loadConfig: operations (METRICS_TOKEN, CORS_ORIGINS)', () => {
  const token = 'a'.repeat(32);

  it.each([
    // [env, expected subset]
    [{}, { metricsToken: undefined, corsOrigins: [] }],
    [{ METRICS_TOKEN: token }, { metricsToken: token }],
    [{ CORS_ORIGINS: '' }, { corsOrigins: [] }],
    [{ CORS_ORIGINS: ' , ' }, { corsOrigins: [] }],
    [{ CORS_ORIGINS: 'https://app.example.com' }, { corsOrigins: ['https://app.example.com'] }],
    [
      { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173,https://app.example.com' },
      { corsOrigins: ['https://app.example.com', 'http://localhost:5173'] },
    ],
  ])('%j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    // Each would silently never match the browser's Origin header, so start-up refuses it.
    ['https://app.example.com/', 'not an origin'],
    ['https://app.example.com/path', 'not an origin'],
    ['https://App.Example.com', 'not an origin'],
    ['https://app.example.com:443', 'not an origin'],
    ['*', 'not an origin'],
    ['https://*.example.com', 'not an origin'],
    ['ftp://files.example.com', 'not an origin'],
    ['app.example.com', 'not an origin'],
  ])('CORS_ORIGINS=%s → %s', (value, message) => {
    expect(() => loadConfig({ CORS_ORIGINS: `https://ok.example.com,${value}` })).toThrow(
      `CORS_ORIGINS: "${value}" is ${message}`,
    );
  });

  it.each([
    ['short', 'at least 32 characters'],
    [`${'a'.repeat(31)} b`, 'printable ASCII without spaces'],
  ])('METRICS_TOKEN=%s → %s, value hidden', (value, message) => {
    let error: unknown;
    try {
      loadConfig({ METRICS_TOKEN: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('METRICS_TOKEN:') && p.includes(message))).toBe(true);
    expect((error as Error).message).not.toContain(value);
  });
});

describe('loadConfig: shutdown timing', () => {
  const prodKey = {
    AUTH_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string,
  };

  it.each([
    [{}, 0, 10_000],
    [{ NODE_ENV: 'production', ...prodKey }, 5000, 10_000],
    [{ NODE_ENV: 'production', SHUTDOWN_GRACE_MS: '3000', ...prodKey }, 1500, 3000],
    [{ SHUTDOWN_DRAIN_MS: '250', SHUTDOWN_GRACE_MS: '1000' }, 250, 1000],
    [{ SHUTDOWN_GRACE_MS: '0' }, 0, 0],
  ])('%j → drain %i ms, grace %i ms', (env, drain, grace) => {
    const c = loadConfig(env);
    expect([c.shutdownDrainMs, c.shutdownGraceMs]).toEqual([drain, grace]);
  });

  it('database pool size and wait', () => {
    expect(loadConfig({}).databasePool).toEqual({ max: 10, connectionTimeoutMs: 2000 });
    expect(
      loadConfig({ DATABASE_POOL_MAX: '20', DATABASE_POOL_WAIT_MS: '5000' }).databasePool,
    ).toEqual({ max: 20, connectionTimeoutMs: 5000 });
    expect(() => loadConfig({ DATABASE_POOL_WAIT_MS: '10' })).toThrow('DATABASE_POOL_WAIT_MS');
  });

  it('refuses a drain delay that is not shorter than the grace period', () => {
    expect(() => loadConfig({ SHUTDOWN_DRAIN_MS: '10000' })).toThrow(
      'SHUTDOWN_DRAIN_MS: must be less than SHUTDOWN_GRACE_MS (10000) (got 10000)',
    );
  });
});
