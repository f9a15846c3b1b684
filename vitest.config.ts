import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The built-in plugins' tests use the testing entry exactly as a partner's do.
  resolve: { alias: { 'opendom/testing': fileURLToPath(new URL('./testing/index.ts', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
