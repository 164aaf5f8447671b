import { describe, expect, it } from 'vitest';
import { bootstrapAdminFromEnv } from './bootstrap-admin.js';
import { silentLogger } from '../telemetry/logger.js';

describe('bootstrapAdminFromEnv', () => {
  const calls: unknown[] = [];
  const service = {
    ensureAdmin: async (input: { email: string; password: string }) => {
      calls.push(input);
      return 'created' as const;
    },
  };

  it('does nothing without the variables', async () => {
    expect(await bootstrapAdminFromEnv({}, service, silentLogger)).toBe('skipped');
    expect(calls).toHaveLength(0);
  });

  it.each([[{ ADMIN_EMAIL: 'a@example.com' }], [{ ADMIN_PASSWORD: 'secret passphrase' }]])(
    'refuses half a pair %j',
    async (env) => {
      await expect(bootstrapAdminFromEnv(env, service, silentLogger)).rejects.toThrow(
        /set together/,
      );
    },
  );

  it('passes the pair to the service, the email normalised', async () => {
    expect(
      await bootstrapAdminFromEnv(
        { ADMIN_EMAIL: ' Root@Example.com ', ADMIN_PASSWORD: 'admin passphrase 2025' },
        service,
        silentLogger,
      ),
    ).toBe('created');
    expect(calls).toEqual([{ email: 'root@example.com', password: 'admin passphrase 2025' }]);
  });
});
