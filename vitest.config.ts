import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '**/.tmp/**'],
    // PGlite start-up (initdb in wasm) and tsc runs on generated code are slow on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['app/**', 'generators/**', 'runtime/**'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
