import { execFileSync } from "node:child_process";
import pg from "pg";
import { startPostgresServer } from "../support/postgres-server";

/**
 * The PostgreSQL run of the integration suite: one private server (Debian's binaries, a temp
 * dir, 127.0.0.1, a free port) and one template database migrated with the project's own
 * migration runner; each test file then gets a fresh database copied from the template
 * (tests/setup/env.ts), so files never see each other's rows.
 */
export default async function globalSetup(): Promise<() => void> {
  const server = await startPostgresServer({ label: "vitest" });
  const admin = new pg.Client(server.adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE "backstop_template"`);
  await admin.end();
  execFileSync(process.execPath, ["scripts/prisma-migrate-offline.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: server.urlFor("backstop_template"), PRISMA_MIGRATE_QUIET: "1" },
    stdio: "inherit",
  });
  process.env.BACKSTOP_TEST_PG_ADMIN_URL = server.adminUrl;
  return () => server.stop();
}
