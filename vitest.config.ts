import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// One runner, three kinds of test: unit (pure, fast), integration (real SQLite/PostgreSQL and
// the Shopify emulator over HTTP), e2e (Playwright + Debian Chromium against the demo server).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: ["node_modules/**", "tests/e2e/**", "extensions/**"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
