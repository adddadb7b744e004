import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import db from "~/db.server";

// PostgreSQL twins of migrations.test.ts, on the suite's private server: the derived schema is
// current, its committed migrations produce it exactly, and setup applies them once.
const adminUrl = process.env.BACKSTOP_TEST_PG_ADMIN_URL!;
const created: string[] = [];

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function emptyDatabase(): Promise<string> {
  const name = `migrate_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  return urlFor(name);
}

function migrate(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, [path.resolve("scripts/prisma-migrate-offline.mjs"), ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_MIGRATE_QUIET: "" },
    encoding: "utf8",
  });
}

afterAll(async () => {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

// Each migrate call starts Prisma's Wasm schema engine in a fresh process: seconds on a loaded machine.
describe("PostgreSQL schema and migrations", { timeout: 180_000 }, () => {
  it("keeps prisma/postgres/schema.prisma equal to what scripts/postgres-schema.mjs derives", () => {
    const result = spawnSync(process.execPath, ["scripts/postgres-schema.mjs", "--check"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("differs from the SQLite schema only in the provider and the client's output", () => {
    const sqlite = fs.readFileSync("prisma/schema.prisma", "utf8");
    const postgres = fs.readFileSync("prisma/postgres/schema.prisma", "utf8");
    const models = (text: string) => text.slice(text.indexOf("// ---"));
    expect(models(postgres)).toBe(models(sqlite));
    expect(postgres).toContain('provider = "postgresql"');
  });

  it("produce exactly the PostgreSQL schema (no drift)", async () => {
    const result = migrate(["diff"], await emptyDatabase());
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("empty migration");
  });

  it("apply to an empty database, and a second deploy is a no-op", async () => {
    const url = await emptyDatabase();
    const first = migrate(["deploy"], url);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied: \d+_init/);
    expect(migrate(["deploy"], url).stdout).toContain("database is up to date");
    expect(migrate(["status"], url).status).toBe(0);
  });

  it("is the database the app's client talks to in this project", async () => {
    const [row] = await db.$queryRawUnsafe<Array<{ version: string }>>("SELECT version() AS version");
    expect(row.version).toMatch(/^PostgreSQL 1\d/);
  });
});
