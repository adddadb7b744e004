import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteConnection } from "~/sync/sqlite-connection.server";

let dir: string;
let file: string;
let connection: SqliteConnection;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-sqlite-connection-"));
  file = path.join(dir, "test.db");
  const db = new Database(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`CREATE TABLE "Blob" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL)`);
  db.close();
  connection = SqliteConnection.open(`file:${file}`);
});

afterEach(async () => {
  await connection.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** ~48 MB of pages: more than the connection's autocheckpoint threshold (10,000 pages of 4 KB). */
async function writeLots(options: { deferCheckpoint?: boolean }): Promise<void> {
  const body = "b".repeat(4_000);
  await connection.transaction(async () => {
    await connection.runMany(
      `INSERT INTO "Blob" ("id", "body") VALUES (?, ?)`,
      Array.from({ length: 12_000 }, (_, i) => [i + 1, body]),
    );
  }, options);
}

const databaseFileMb = () => fs.statSync(file).size / 1_048_576;

describe("SqliteConnection commits", () => {
  it("checkpoint inside COMMIT once the WAL is past the threshold", async () => {
    await writeLots({});
    // The pages were copied into the database file before the commit returned.
    expect(databaseFileMb()).toBeGreaterThan(40);
    expect(connection.lastCheckpoint).toBeNull();
  });

  it("with deferCheckpoint, leave the checkpoint to the writer thread and keep the threshold", async () => {
    await writeLots({ deferCheckpoint: true });
    // Committed (another connection reads every row) but not yet copied into the database file:
    // copying ~48 MB takes the writer thread far longer than this thread needs to get here.
    expect(databaseFileMb()).toBeLessThan(1);
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare(`SELECT count(*) FROM "Blob"`).raw(true).get()).toEqual([12_000]);
    } finally {
      reader.close();
    }
    const checkpoint = await connection.lastCheckpoint;
    expect(checkpoint).toMatchObject({ busy: false });
    expect(checkpoint!.walFrames).toBeGreaterThan(10_000);
    expect(checkpoint!.checkpointedFrames).toBe(checkpoint!.walFrames);
    expect(databaseFileMb()).toBeGreaterThan(40);
    // Later commits on this connection checkpoint as before.
    expect(await connection.all("PRAGMA wal_autocheckpoint")).toEqual([[10_000]]);
  });

  it("with deferCheckpoint, roll back as any transaction does", async () => {
    await expect(
      connection.transaction(
        async () => {
          await connection.run(`INSERT INTO "Blob" ("id", "body") VALUES (?, ?)`, [1, "one"]);
          throw new Error("changed my mind");
        },
        { deferCheckpoint: true },
      ),
    ).rejects.toThrow("changed my mind");
    expect(await connection.all(`SELECT count(*) FROM "Blob"`)).toEqual([[0]]);
    expect(connection.lastCheckpoint).toBeNull();
  });
});
