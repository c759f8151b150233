import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests build their own config objects; a developer's .env must not leak in.
    env: { NODE_ENV: 'test' },
  },
});
