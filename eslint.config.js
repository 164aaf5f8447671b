// ESLint flat config. Formatting is prettier's job (`npm run format`; `npm run lint` checks it); this file
// only holds correctness rules. Generated code is checked by tsc; ESLint only checks its
// imports against the layer walls (eslint-walls.js).
import tseslint from 'typescript-eslint';
import walls from './eslint-walls.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      '**/.tmp/**',
      '.data/**',
      'dist/**',
    ],
  },
  ...tseslint.configs.recommended.map((c) => (c.rules ? { ...c, ignores: ['generated/**'] } : c)),
  {
    files: ['generated/**/*.ts', 'runtime/**/*.ts', 'generators/**/*.ts', 'app/**/*.ts'],
    plugins: { walls },
    rules: { 'walls/layers': 'error' },
  },
  // Generated files carry `eslint-disable` for the consumer's lint; the walls still apply.
  { files: ['generated/**/*.ts'], processor: 'walls/keep-walls' },
  {
    ignores: ['generated/**'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-console': 'off',
    },
  },
);
