import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The built-in plugins' tests and the example partner package use the public entries exactly as a partner's do.
  resolve: {
    alias: [
      { find: /^opendom\/testing$/, replacement: fileURLToPath(new URL('./testing/index.ts', import.meta.url)) },
      { find: /^opendom$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
