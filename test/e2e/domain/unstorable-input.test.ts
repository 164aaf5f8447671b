/**
 * POL-I-001 and POL-I-002 through the real app on both engines: text the database cannot
 * store (NUL, a lone surrogate) is a 400 naming the field on public filters and bodies,
 * and list cursors that were forged or carry out-of-range values are the bad-cursor 400.
 * Each engine's own refusal of NUL is shown first, so the 400s are known to guard a real
 * failure (it used to surface as a 500).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCursorCodec, cursorSecret } from '../../../app/domain/cursor.js';
import { createDatabase, type Database } from '../../../app/db/client.js';
import { createTestDatabase } from '../../support/test-database.js';
import { companies } from '../../../generated/db/schema.js';
import { createThrowawayDatabase, postgresAvailable } from '../../support/services.js';
import { createDomainApp, employerWithJob, jobInput, type DomainApp } from './harness.js';

const hasPg = await postgresAvailable();

type Engine = { db: Database; close: () => Promise<void> };

const engines: [string, boolean, () => Promise<Engine>][] = [
  [
    'PGlite',
    true,
    async () => {
      const t = await createTestDatabase();
      return { db: t.db, close: () => t.close() };
    },
  ],
  [
    'PostgreSQL',
    hasPg,
    async () => {
      const tmp = await createThrowawayDatabase('jb_unstorable');
      const handle = await createDatabase({ databaseUrl: tmp.url, migrate: true });
      return {
        db: handle.db,
        close: async () => {
          await handle.close();
          await tmp.drop();
        },
      };
    },
  ],
];

const validation = 'https://jobboard.dev/problems/validation';

describe.each(engines)('unstorable input and cursors on %s', (_name, available, open) => {
  let engine: Engine;
  let t: DomainApp;
  let companyId: string;
  let employer: Awaited<ReturnType<typeof employerWithJob>>['employer'];

  beforeAll(async () => {
    if (!available) return;
    engine = await open();
    t = await createDomainApp(engine.db);
    ({ employer, companyId } = await employerWithJob(t, 'published', {
      salaryMax: 90_000,
      currency: 'EUR',
    }));
    await employerWithJob(t, 'published', { salaryMax: 80_000, currency: 'EUR' });
  });
  afterAll(() => engine?.close());

  it.skipIf(!available)('the engine itself refuses NUL in text', async () => {
    await expect(engine.db.insert(companies).values({ name: 'a\u0000b' })).rejects.toThrow();
  });

  it.skipIf(!available)(
    'NUL in a public filter: 400 naming the parameter, anonymously',
    async () => {
      const res = await t.call('GET', '/api/v1/jobs?q=a%00b');
      expect(res.status).toBe(400);
      expect(res.body.type).toBe(validation);
      expect(res.body.errors).toEqual([
        { in: 'query', path: '/q', message: 'Must not contain the NUL character (U+0000)' },
      ]);
      expect((await t.call('GET', '/api/v1/jobs?location=%00')).body.errors[0].path).toBe(
        '/location',
      );
    },
  );

  it.skipIf(!available)('NUL and lone surrogates in bodies: 400 naming the field', async () => {
    const register = await t.call('POST', '/api/v1/auth/register', {
      body: {
        email: `n-${randomUUID()}@example.com`,
        password: 'analytical-engine-1843',
        displayName: 'Ada\u0000',
      },
    });
    expect(register.status).toBe(400);
    expect(register.body.errors).toEqual([
      expect.objectContaining({ in: 'body', path: '/displayName' }),
    ]);

    const company = await t.call('POST', '/api/v1/companies', {
      as: employer,
      body: { name: 'Engines\u0000Ltd' },
    });
    expect(company.status).toBe(400);
    expect(company.body.errors[0]).toMatchObject({ in: 'body', path: '/name' });

    const job = await t.call('POST', '/api/v1/jobs', {
      as: employer,
      body: jobInput(companyId, { tags: ['typescript', 'no\u0000sql'], title: 'Lone \ud800 half' }),
    });
    expect(job.status).toBe(400);
    expect(job.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/tags/1', message: expect.stringContaining('NUL') }),
        expect.objectContaining({ path: '/title', message: expect.stringContaining('surrogate') }),
      ]),
    );
  });

  it.skipIf(!available)(
    'cursors: genuine ones page, forged or out-of-range ones are 400',
    async () => {
      const first = await t.call('GET', '/api/v1/jobs?sort=-salaryMax&limit=1');
      expect(first.status).toBe(200);
      const second = await t.call(
        'GET',
        `/api/v1/jobs?sort=-salaryMax&limit=1&cursor=${first.body.nextCursor}`,
      );
      expect(second.status).toBe(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

      const id = first.body.items[0].id as string;
      const tamper = (c: string) => `${c.slice(0, 30)}${c[30] === 'A' ? 'B' : 'A'}${c.slice(31)}`;
      const unsigned = Buffer.from(JSON.stringify({ s: 'jobs-salaryMax', k: 1, id })).toString(
        'base64url',
      );
      // Signed with the server's own secret, so only the range check stands between these
      // values and the database (an integer column, a timestamp it cannot parse).
      const own = createCursorCodec(cursorSecret(undefined, t.keys.active.privateKey));
      const outOfRange = own.encode({ s: 'jobs-salaryMax', k: 2 ** 40, id });
      const farFuture = own.encode({ s: 'jobspublishedAt', k: '+275760-09-13T00:00:00.000Z', id });
      for (const [sort, cursor] of [
        ['-salaryMax', unsigned],
        ['-salaryMax', tamper(first.body.nextCursor)],
        ['-salaryMax', outOfRange],
        ['publishedAt', farFuture],
        ['publishedAt', first.body.nextCursor],
      ]) {
        const res = await t.call('GET', `/api/v1/jobs?sort=${sort}&cursor=${cursor}`);
        expect(res.status, `${sort} ${cursor}`).toBe(400);
        expect(res.body.errors[0]).toMatchObject({ in: 'query', path: '/cursor' });
      }
    },
  );
});
