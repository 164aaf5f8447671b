// ESLint flat config. Formatting is prettier's job (`npm run format:check`); this file
// only holds correctness rules. Generated code is checked by tsc, not linted.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'generated/**',
      'coverage/**',
      'test/fixtures/**',
      '**/.tmp/**',
      '.data/**',
      'dist/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
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
