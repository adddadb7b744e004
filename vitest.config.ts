import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// One runner, several kinds of test: unit (pure, fast), integration (a real database and the
// Shopify emulator over HTTP), e2e (Playwright + Debian Chromium, its own config in tests/e2e).
// The integration suite runs twice: on SQLite (the embedded default) and on PostgreSQL (a private
// server started by tests/setup/global-setup-postgres.ts). Files named *.postgres.test.ts are
// PostgreSQL-only (the job queue).
const shared = {
  environment: "node",
  setupFiles: ["tests/setup/env.ts"] as string[],
  testTimeout: 30_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        plugins: [tsconfigPaths()],
        test: {
          ...shared,
          name: "sqlite",
          include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
          exclude: ["node_modules/**", "tests/e2e/**", "extensions/**", "tests/extensions/**", "tests/**/*.postgres.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts"],
        },
      },
      {
        plugins: [tsconfigPaths()],
        test: {
          ...shared,
          name: "postgres",
          include: ["tests/integration/**/*.test.ts", "tests/**/*.postgres.test.ts"],
          // The emulator's own tests never touch the app's database; the migration runner's
          // SQLite checks have PostgreSQL twins in postgres-migrations.postgres.test.ts.
          exclude: ["node_modules/**", "tests/integration/emulator/**", "tests/integration/db/migrations.test.ts"],
          globalSetup: ["tests/setup/global-setup-postgres.ts"],
          env: { BACKSTOP_TEST_DATABASE: "postgres" },
        },
      },
      {
        // Admin UI extensions (extensions/*) render with Preact in jsdom against the Shopify
        // tester's stand-in for the admin host. The tester ships TypeScript sources, so vite must
        // transform it (inline) rather than hand it to Node.
        esbuild: { jsx: "automatic", jsxImportSource: "preact" },
        test: {
          name: "extensions",
          environment: "jsdom",
          include: ["tests/extensions/**/*.test.ts"],
          server: { deps: { inline: ["@shopify/ui-extensions-tester"] } },
          testTimeout: 30_000,
        },
      },
    ],
  },
});
