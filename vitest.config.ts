import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'rules/**/*.test.ts', 'workers/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/archive-notice.ts'],
    // On with --coverage (npm test; focused runs leave it off). The floor is about 3 points under
    // what the whole suite measured (statements 91.1, branches 83.9, functions 92.3, lines 93.3 %):
    // a change that leaves much of src/ untested fails. Raise it when coverage rises. Code the
    // tests run in child processes (the CLI from dist/) or worker threads is not counted.
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      exclude: ['src/**/*.test.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage',
      thresholds: { statements: 88, branches: 80, functions: 89, lines: 90 },
    },
  },
});
