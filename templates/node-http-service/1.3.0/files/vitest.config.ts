import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The first test pays for importing Fastify and friends; a busy CI runner needs more than 5 s.
    testTimeout: 20_000,
    // Tests build their own config objects; a developer's .env must not leak in.
    env: { NODE_ENV: 'test' },
  },
});
