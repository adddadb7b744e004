#!/usr/bin/env node
// `npm run setup`: generate the Prisma client and apply committed migrations, offline.
// Prisma's CLI would try to download its native schema engine; the stub makes `generate` skip
// that (generate never needs the engine) and migrations go through the Wasm engine instead.
import { execFileSync } from "node:child_process";
import path from "node:path";

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("scripts/no-schema-engine") };
env.DATABASE_URL ??= "file:./prisma/dev.db";

const prismaCli = path.resolve("node_modules/prisma/build/index.js");
// Both clients, always: which one runs is decided by DATABASE_URL at boot (app/db.server.ts).
execFileSync(process.execPath, [prismaCli, "generate"], { stdio: "inherit", env });
execFileSync(process.execPath, [prismaCli, "generate", "--schema", "prisma/postgres/schema.prisma"], { stdio: "inherit", env });
// npm's postinstall only generates the client; `npm run setup` also migrates the database.
if (!process.argv.includes("--generate-only")) {
  execFileSync(process.execPath, [path.resolve("scripts/prisma-migrate-offline.mjs"), "deploy"], { stdio: "inherit", env });
}
