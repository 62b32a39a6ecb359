import { defineConfig } from 'vitest/config';

// Tests that run many random hubs or whole rollouts take a few seconds alone and longer on a machine
// that other processes share: a failure should mean a wrong result, not a busy machine.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // One temporary folder per run, removed at its end (tests/support/temp-root.ts).
    globalSetup: ['tests/support/temp-root.ts'],
  },
});
