/**
 * `npm run fuzz`: the long schema-driven fuzz run (test/fuzz/run.ts) on PGlite, or on
 * PostgreSQL with FUZZ_DATABASE_URL. Prints requests per operation and every finding; exits 1
 * on any finding. FUZZ_REQUESTS (default 50,000), FUZZ_TIME_MS (default 10 min), FUZZ_SEED.
 */
import { createDatabase } from '../app/db/client.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { runFuzz } from '../test/fuzz/run.js';

const requests = Number(process.env.FUZZ_REQUESTS ?? 50_000);
const timeMs = Number(process.env.FUZZ_TIME_MS ?? 600_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000);
const url = process.env.FUZZ_DATABASE_URL;

const database = url
  ? await createDatabase({ databaseUrl: url, migrate: true })
  : await createTestDatabase();
const report = await runFuzz({ db: database.db, seed, requests, timeMs });
console.log(
  `seed ${seed}: ${report.sent} requests in ${report.elapsedMs} ms (${report.unsendable} unsendable)`,
);
for (const [op, byClass] of Object.entries(report.perOperation).sort())
  console.log(
    `  ${op.padEnd(26)} ${Object.entries(byClass)
      .sort()
      .map(([c, n]) => `${c} ${n}`)
      .join('  ')}`,
  );
for (const f of report.findings)
  console.log(`${f.oracle} ${f.operation} → ${f.status}: ${f.request}\n    ${f.detail}`);
console.log(`${report.findings.length} findings`);
await database.close();
process.exit(report.findings.length === 0 ? 0 : 1);
