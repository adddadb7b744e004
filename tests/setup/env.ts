import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";

// Runs before each test file's imports: a complete, valid configuration and a private copy of
// the migrated template database (see global-setup.ts and global-setup-postgres.ts). Tests that need other values change
// process.env themselves before importing app modules.
// The "postgres" project of vitest.config.ts runs the integration suite again on PostgreSQL.
async function privateDatabaseUrl(): Promise<string> {
  if (process.env.BACKSTOP_TEST_DATABASE === "postgres") {
    const adminUrl = process.env.BACKSTOP_TEST_PG_ADMIN_URL;
    if (!adminUrl) throw new Error("tests/setup/global-setup-postgres.ts did not run (check vitest.config.ts)");
    const name = `test_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(adminUrl);
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "backstop_template"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }
  const template = process.env.BACKSTOP_TEST_DB_TEMPLATE;
  const dir = process.env.BACKSTOP_TEST_DB_DIR;
  if (!template || !dir) throw new Error("tests/setup/global-setup.ts did not run (check vitest.config.ts)");
  const databaseFile = path.join(dir, `${randomUUID()}.db`);
  fs.copyFileSync(template, databaseFile);
  return `file:${databaseFile}`;
}

Object.assign(process.env, {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET_KEY,
  SHOPIFY_APP_URL: "https://backstop.test",
  SCOPES: "read_orders,read_all_orders,read_products,read_inventory",
  DATABASE_URL: await privateDatabaseUrl(),
  SYNC_SCHEDULER: "off",
  LOG_LEVEL: "silent",
});

// Property tests explore with a fixed seed so a CI run is reproducible; set FC_SEED to explore
// others (a failure prints the seed and path to replay it).
import fc from "fast-check";
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
