#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: the one data model, with the
// PostgreSQL provider and its own generated client. Prisma generates a client per provider, so
// PostgreSQL needs a second schema file; deriving it keeps the models from drifting apart
// (tests/unit/db/postgres-schema.test.ts fails when the committed copy is stale).
//
//   node scripts/postgres-schema.mjs          rewrite the copy
//   node scripts/postgres-schema.mjs --check  exit 1 when the copy is stale
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE = path.join(root, "prisma/schema.prisma");
export const TARGET = path.join(root, "prisma/postgres/schema.prisma");

export function postgresSchemaFrom(source) {
  const header = [
    "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file, then run",
    "// `npm run db:schema:postgres`. Same models, PostgreSQL provider, its own client (app/db.server.ts",
    "// loads it when DATABASE_URL is postgresql://…) and its own migrations beside this file.",
    "",
  ].join("\n");
  const generator = 'generator client {\n  provider      = "prisma-client-js"\n  compilerBuild = "small"\n}';
  const datasource = 'datasource db {\n  provider = "sqlite"\n}';
  if (!source.includes(generator) || !source.includes(datasource)) {
    throw new Error("prisma/schema.prisma: expected the plain generator/datasource blocks this script rewrites");
  }
  return (
    header +
    source
      .replace(generator, 'generator client {\n  provider      = "prisma-client-js"\n  compilerBuild = "small"\n  output        = "../../node_modules/.prisma/client-postgres"\n}')
      .replace(datasource, 'datasource db {\n  provider = "postgresql"\n}')
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const expected = postgresSchemaFrom(fs.readFileSync(SOURCE, "utf8"));
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, "utf8") : null;
  if (process.argv.includes("--check")) {
    if (current !== expected) {
      console.error("prisma/postgres/schema.prisma is stale: run `npm run db:schema:postgres`");
      process.exit(1);
    }
  } else if (current !== expected) {
    fs.mkdirSync(path.dirname(TARGET), { recursive: true });
    fs.writeFileSync(TARGET, expected);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}
