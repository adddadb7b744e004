import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";

// Runs before each test file's imports: a complete, valid configuration and a private copy of
// the migrated template database (see global-setup.ts). Tests that need other values change
// process.env themselves before importing app modules.
const template = process.env.BACKSTOP_TEST_DB_TEMPLATE;
const dir = process.env.BACKSTOP_TEST_DB_DIR;
if (!template || !dir) throw new Error("tests/setup/global-setup.ts did not run (check vitest.config.ts)");

const databaseFile = path.join(dir, `${randomUUID()}.db`);
fs.copyFileSync(template, databaseFile);

Object.assign(process.env, {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET_KEY,
  SHOPIFY_APP_URL: "https://backstop.test",
  SCOPES: "read_orders,read_all_orders,read_products,read_inventory",
  DATABASE_URL: `file:${databaseFile}`,
  SYNC_SCHEDULER: "off",
  LOG_LEVEL: "silent",
});

// Property tests explore with a fixed seed so a CI run is reproducible; set FC_SEED to explore
// others (a failure prints the seed and path to replay it).
import fc from "fast-check";
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
