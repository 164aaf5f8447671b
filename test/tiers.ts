/**
 * The suites `npm test` leaves to `npm run test:slow`: each spends most of its time in
 * child processes (CLIs, `npm start`, `npm ci --omit=dev`, Java, Prism), in tsc over whole
 * generated trees, or in thousands of requests. The fast tier is the everyday loop and the
 * CI gate (`bash .ci/run`, under five minutes on two cores); the slow tier runs as its own
 * CI job (`bash .ci/run slow`, ci.yml job `slow`) and locally with `npm run test:all`.
 * A test file belongs here when it takes more than ~10 s on its own; nothing is dropped:
 * every file runs in exactly one tier.
 */
export const slowSuites = [
  // child processes: the CLIs, `npm start`, signals, the production-only install
  'generators/cli.test.ts',
  'generators/ddl/gen-check.test.ts',
  'generators/pipeline.test.ts',
  'scripts/db-check.test.ts',
  'scripts/db-cli.test.ts',
  'test/e2e/shutdown.test.ts',
  'test/e2e/skeleton.test.ts',
  'test/infra/production-install.test.ts',
  'test/bench-smoke.test.ts',
  // an independent client (Java OpenAPI Generator) against Prism and the app
  'test/conformance/oag-client.test.ts',
  // tsc over the generated output of a dozen public specs, then every operation booted
  'test/robustness/public-specs.test.ts',
  // thousands of generated requests against the app
  'test/fuzz/fuzz.test.ts',
];

export type TestTier = 'fast' | 'slow' | 'all';

export function testTier(value = process.env.TEST_TIER): TestTier {
  if (value === undefined || value === '' || value === 'fast') return 'fast';
  if (value === 'slow' || value === 'all') return value;
  throw new Error(`TEST_TIER must be fast, slow or all (got "${value}")`);
}
