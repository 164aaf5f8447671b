/**
 * POL-J-004 under real concurrency: on PostgreSQL (a connection pool, truly parallel
 * transactions) concurrent identical applications create one row, and concurrent twins
 * with one Idempotency-Key all get the first response. PGlite runs one transaction at a
 * time, so only a real server can prove this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDatabase, type DatabaseHandle } from '../../../app/db/client.js';
import { applications } from '../../../generated/db/schema.js';
import { createThrowawayDatabase, postgresAvailable } from '../../support/services.js';
import { createDomainApp, employerWithJob, type Actor, type DomainApp } from './harness.js';

const hasPg = await postgresAvailable();

describe.skipIf(!hasPg)('applyToJob concurrency on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  let t: DomainApp;
  let jobId: string;

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase('jb_domain_apply');
    drop = throwaway.drop;
    handle = await createDatabase({ databaseUrl: throwaway.url, migrate: true, pool: { max: 8 } });
    t = await createDomainApp(handle.db);
    ({ jobId } = await employerWithJob(t, 'published'));
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  const apply = (as: Actor, headers: Record<string, string> = {}) =>
    t.call('POST', `/api/v1/jobs/${jobId}/applications`, {
      as,
      body: { resumeUrl: 'https://files.example.com/cv.pdf' },
      headers,
    });
  const rowsOf = (seeker: Actor) =>
    handle.db.select().from(applications).where(eq(applications.applicantId, seeker.id));

  it('8 parallel applications by one seeker: one 201, seven 409, one row', async () => {
    const seeker = await t.actor('job_seeker');
    const results = await Promise.all(Array.from({ length: 8 }, () => apply(seeker)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await rowsOf(seeker)).toHaveLength(1);
  });

  it('8 parallel twins with one Idempotency-Key: all 201 with the same application', async () => {
    const seeker = await t.actor('job_seeker');
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const results = await Promise.all(Array.from({ length: 8 }, () => apply(seeker, key)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    expect(await rowsOf(seeker)).toHaveLength(1);
  });
});
