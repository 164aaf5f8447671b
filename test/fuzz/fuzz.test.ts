// Schema-driven fuzzing (test/fuzz/run.ts), time-boxed for `npm test`: PGlite always, a
// smaller run on PostgreSQL when it is reachable (required in CI). `npm run fuzz` is the long
// run (FUZZ_REQUESTS, FUZZ_SEED, FUZZ_TIME_MS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../app/db/client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createThrowawayDatabase, postgresAvailable } from '../support/services.js';
import { listOperations, loadSpec } from './spec.js';
import { runFuzz, type FuzzReport } from './run.js';

const SEED = 20261129;
const operations = listOperations(loadSpec()).map((op) => op.id);

/** `answeredShare`: operations that answered 2xx at least once, as a share of all of them. */
function expectClean(report: FuzzReport, minimum: number, answeredShare: number) {
  const lines = report.findings.map(
    (f) => `${f.oracle} ${f.operation} → ${f.status}: ${f.request}\n    ${f.detail}`,
  );
  expect(lines.join('\n')).toBe('');
  expect(report.sent).toBeGreaterThanOrEqual(minimum);
  // Every operation was exercised, and not only refused at the door.
  expect(Object.keys(report.perOperation).sort()).toEqual([...operations].sort());
  const answered = Object.entries(report.perOperation).filter(
    ([, byClass]) => (byClass['2xx'] ?? 0) > 0,
  );
  expect(answered.length).toBeGreaterThanOrEqual(Math.floor(operations.length * answeredShare));
}

describe('fuzzing on PGlite', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  // Time-boxed (40 s) for CI; `npm run fuzz` sends 50,000.
  it('up to 5,000 requests: no 5xx, every answer per spec, rejected writes change nothing', async () => {
    const report = await runFuzz({ db: t.db, seed: SEED, requests: 5_000, timeMs: 40_000 });
    console.log(`fuzz PGlite: ${report.sent} requests in ${report.elapsedMs} ms`);
    expectClean(report, 600, 0.8);
  }, 120_000);
});

const hasPg = await postgresAvailable();

describe.skipIf(!hasPg)('fuzzing on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase('jb_fuzz');
    drop = throwaway.drop;
    handle = await createDatabase({ databaseUrl: throwaway.url, migrate: true });
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('1,000 requests with the same oracles', async () => {
    const report = await runFuzz({
      db: handle.db,
      seed: SEED + 1,
      requests: 1_000,
      timeMs: 20_000,
    });
    expectClean(report, 300, 0.6);
  }, 60_000);
});
