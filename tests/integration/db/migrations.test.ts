import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function migrate(args: string[], databaseUrl: string, cwd = process.cwd()) {
  return spawnSync(process.execPath, [path.resolve("scripts/prisma-migrate-offline.mjs"), ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_MIGRATE_QUIET: "" },
    encoding: "utf8",
  });
}

describe("committed migrations", () => {
  it("produce exactly schema.prisma (no drift)", () => {
    const result = migrate(["diff"], "file::memory:");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("empty migration");
  });

  it("apply to an empty database, and a second deploy is a no-op", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-migrate-"));
    const url = `file:${path.join(dir, "fresh.db")}`;
    const first = migrate(["deploy"], url);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied: \d+_init/);
    const second = migrate(["deploy"], url);
    expect(second.stdout).toContain("database is up to date");
    const status = migrate(["status"], url);
    expect(status.status, status.stdout).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("detect drift when the schema changes without a migration", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-drift-"));
    const schema = fs.readFileSync("prisma/schema.prisma", "utf8").replace("model SyncLease {", "model Extra {\n  id String @id\n}\n\nmodel SyncLease {");
    fs.writeFileSync(path.join(dir, "schema.prisma"), schema);
    const result = migrate(["diff", "--schema", path.join(dir, "schema.prisma"), "--migrations", path.resolve("prisma/migrations")], "file::memory:");
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('CREATE TABLE "Extra"');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
