/**
 * `npm run bench:auth`: latency of a token-verified route while 16 clients log in as fast as
 * they can (bench/auth.ts; also the `auth` phase of `npm run bench`). Prints p50/p95 per
 * scenario. Numbers, not assertions.
 *
 *   npm run bench:auth                  # PGlite in memory, in-memory stores, bcrypt cost 12
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test BENCH_REDIS=redis://127.0.0.1:6379 npm run bench:auth
 *   knobs: BENCH_COST (12), BENCH_LOGINS (16), BENCH_REQUESTS (2000 idle), BENCH_FLOOD_MS (3000)
 */
import { authSummary, authTableRows, runAuthBench } from '../bench/auth.js';

const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const knobs = {
  cost: num(process.env.BENCH_COST),
  logins: num(process.env.BENCH_LOGINS),
  requests: num(process.env.BENCH_REQUESTS),
  floodMs: num(process.env.BENCH_FLOOD_MS),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  redisUrl: process.env.BENCH_REDIS || undefined,
};

runAuthBench(Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)))
  .then((r) => {
    console.log(authSummary(r));
    console.table(authTableRows(r));
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
