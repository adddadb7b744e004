import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Migrates one template SQLite database per test run with the project's own migration runner
 * (the same path `npm run setup` takes); each test file then works on its own copy of it
 * (tests/setup/env.ts), so files never see each other's rows.
 */
export default function globalSetup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-tests-"));
  const template = path.join(dir, "template.db");
  execFileSync(process.execPath, ["scripts/prisma-migrate-offline.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}`, PRISMA_MIGRATE_QUIET: "1" },
    stdio: "inherit",
  });
  process.env.BACKSTOP_TEST_DB_TEMPLATE = template;
  process.env.BACKSTOP_TEST_DB_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
