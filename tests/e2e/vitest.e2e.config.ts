import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Browser tests: one demo server (tests/e2e/support/global-setup.ts), Debian's Chromium through
// playwright-core, files one after another (they share the server and its database).
// Run: TZ=UTC node_modules/.bin/vitest run --config tests/e2e/vitest.e2e.config.ts
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
