import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**'],
    // Tests start real processes and sockets; each has its own deadlines inside.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
