import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EarlierBatchFailedError } from "~/sync/sql-connection.server";
import { SqliteBatchWriter, SqliteWorkerError } from "~/sync/sqlite-batch-writer.server";

const INSERT = `INSERT INTO "Item" ("id", "name", "active") VALUES (?, ?, ?)`;
const INSERT_TWO = `INSERT INTO "Item" ("id", "name", "active") VALUES (?, ?, ?), (?, ?, ?)`;

let dir: string;
let file: string;
let writer: SqliteBatchWriter;

function rows(): unknown[][] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT "id", "name", "active" FROM "Item" ORDER BY "id"`).raw(true).all() as unknown[][];
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-batch-writer-"));
  file = path.join(dir, "test.db");
  const db = new Database(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`CREATE TABLE "Item" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "active" BOOLEAN NOT NULL)`);
  db.close();
  writer = new SqliteBatchWriter(file, ["PRAGMA synchronous = NORMAL"]);
});

afterEach(async () => {
  await writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("SqliteBatchWriter", () => {
  it("runs a batch's statements in one committed transaction and counts the rows each changed", async () => {
    const changes = await writer.run([
      { sql: INSERT_TWO, rows: [[1, "one", true, 2, "two", false]] },
      { sql: INSERT, rows: [[3, "three", true]] },
      { sql: `UPDATE "Item" SET "name" = ? WHERE "id" > ?`, rows: [["later", 1]] },
    ]);
    expect(changes).toEqual([2, 1, 2]);
    // Booleans are stored as Prisma stores them in SQLite: 0/1.
    expect(rows()).toEqual([
      [1, "one", 1],
      [2, "later", 0],
      [3, "later", 1],
    ]);
  });

  it("rolls the whole batch back when a statement fails, and says what SQLite said", async () => {
    await writer.run([{ sql: INSERT, rows: [[1, "one", true]] }]);
    const failing = writer.run([{ sql: INSERT, rows: [[2, "two", true], [1, "again", false]] }]);
    await expect(failing).rejects.toBeInstanceOf(SqliteWorkerError);
    await expect(failing).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    expect(rows()).toEqual([[1, "one", 1]]);
    // The writer goes on working after a failed batch.
    await writer.run([{ sql: INSERT, rows: [[2, "two", false]] }]);
    expect(rows()).toHaveLength(2);
  });

  it("runs batches one after another in the order they were given", async () => {
    const first = writer.run([{ sql: INSERT, rows: [[1, "one", true]] }]);
    const second = writer.run([{ sql: `UPDATE "Item" SET "name" = ? WHERE "id" = ?`, rows: [["renamed", 1]] }]);
    expect(await Promise.all([first, second])).toEqual([[1], [1]]);
    expect(rows()).toEqual([[1, "renamed", 1]]);
  });

  it("waits out another connection's write transaction without blocking this thread", async () => {
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    other.prepare(INSERT).run([9, "other", 0]);
    const batch = writer.run([{ sql: INSERT, rows: [[1, "one", true]] }]);
    // This thread keeps running while the worker waits for the lock.
    await new Promise((resolve) => setTimeout(resolve, 150));
    other.exec("COMMIT");
    other.close();
    expect(await batch).toEqual([1]);
    expect(rows().map((row) => row[0])).toEqual([1, 9]);
  });

  it("gives up on the lock after maxWaitMs with SQLITE_BUSY", async () => {
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      await expect(writer.run([{ sql: INSERT, rows: [[1, "one", true]] }], { maxWaitMs: 100 })).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(rows()).toEqual([]);
  });

  it("runs staged statements in the next batch's transaction, first and in the order staged", async () => {
    writer.stage([{ sql: INSERT, rows: [[1, "one", true]] }]);
    writer.stage([{ sql: INSERT_TWO, rows: [[2, "two", false, 3, "three", true]] }]);
    // Nothing is written until the batch commits.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows()).toEqual([]);
    const changes = await writer.run([{ sql: `UPDATE "Item" SET "name" = ? WHERE "id" >= ?`, rows: [["late", 2]] }]);
    expect(changes).toEqual([2]);
    expect(rows()).toEqual([
      [1, "one", 1],
      [2, "late", 0],
      [3, "late", 1],
    ]);
    // Staged statements belong to one batch only.
    expect(await writer.run([{ sql: `DELETE FROM "Item" WHERE "id" = ?`, rows: [[1]] }])).toEqual([1]);
    expect(rows()).toHaveLength(2);
  });

  it("stages for the next batch while one is in flight, and a failed batch takes its staged rows with it", async () => {
    writer.stage([{ sql: INSERT, rows: [[1, "one", true]] }]);
    const failing = writer.run([{ sql: INSERT, rows: [[1, "clash", true]] }]);
    // Staged after the failing batch was sent: these are for the next one.
    writer.stage([{ sql: INSERT, rows: [[2, "two", true]] }]);
    await expect(failing).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    expect(rows()).toEqual([]);
    await writer.run([{ sql: INSERT, rows: [[3, "three", false]] }]);
    expect(rows().map((row) => row[0])).toEqual([2, 3]);
  });

  it("does not run a batch queued behind one that fails, nor its staged rows: what committed is a prefix of what was queued", async () => {
    await writer.run([{ sql: INSERT, rows: [[1, "one", true]] }]);
    writer.stage([{ sql: INSERT, rows: [[2, "two", true]] }]);
    const failing = writer.run([{ sql: INSERT, rows: [[1, "clash", true]] }]);
    writer.stage([{ sql: INSERT, rows: [[3, "three", true]] }]);
    const queued = writer.run([{ sql: INSERT, rows: [[4, "four", true]] }]);
    const queuedAfterThat = writer.run([{ sql: INSERT, rows: [[5, "five", true]] }]);
    await expect(failing).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    await expect(queued).rejects.toBeInstanceOf(EarlierBatchFailedError);
    await expect(queuedAfterThat).rejects.toBeInstanceOf(EarlierBatchFailedError);
    expect(rows().map((row) => row[0])).toEqual([1]);
    // Sent after the failure was answered: a fresh start.
    expect(await writer.run([{ sql: INSERT, rows: [[6, "six", false]] }])).toEqual([1]);
    expect(rows().map((row) => row[0])).toEqual([1, 6]);
  });

  it("starts afresh after a failure it has answered, even when the next batch queues behind a checkpoint", async () => {
    await expect(writer.run([{ sql: INSERT, rows: [[1, "one", true], [1, "clash", true]] }])).rejects.toBeInstanceOf(SqliteWorkerError);
    const checkpoint = writer.checkpoint();
    const batch = writer.run([{ sql: INSERT, rows: [[2, "two", true]] }]);
    await checkpoint;
    expect(await batch).toEqual([1]);
    expect(rows().map((row) => row[0])).toEqual([2]);
  });

  it("runs every batch queued behind one that commits", async () => {
    const batches = [1, 2, 3, 4].map((id) => writer.run([{ sql: INSERT, rows: [[id, `item ${id}`, id % 2 === 0]] }]));
    expect(await Promise.all(batches)).toEqual([[1], [1], [1], [1]]);
    expect(rows().map((row) => row[0])).toEqual([1, 2, 3, 4]);
  });

  it("checkpoints the WAL on its thread when asked, after what was posted before", async () => {
    const batch = writer.run([{ sql: INSERT, rows: Array.from({ length: 50 }, (_, i) => [i + 1, "x".repeat(2_000), true]) }]);
    const checkpoint = writer.checkpoint();
    expect(await batch).toEqual([50]);
    const result = await checkpoint;
    // The batch's pages were in the WAL when the checkpoint ran, and all of them were copied.
    expect(result.busy).toBe(false);
    expect(result.walFrames).toBeGreaterThan(20);
    expect(result.checkpointedFrames).toBe(result.walFrames);
  });

  it("drops what was staged when told to", async () => {
    writer.stage([{ sql: INSERT, rows: [[1, "one", true]] }]);
    writer.discardStaged();
    await writer.run([{ sql: INSERT, rows: [[2, "two", true]] }]);
    expect(rows().map((row) => row[0])).toEqual([2]);
  });
});
