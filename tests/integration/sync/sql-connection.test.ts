import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import { getEnv } from "~/env.server";
import db from "~/db.server";
import { EarlierBatchFailedError, openSqlConnection, type SqlConnection } from "~/sync/sql-connection.server";

// The sync's own connection on this project's database (SQLite file or PostgreSQL server): the
// queueing contract of writeBatch that lets a backfill keep two commits in flight.
const SHOP = "sql-connection.myshopify.com";
const INSERT = `INSERT INTO "DailySales" ("shop", "variantId", "day", "units", "revenueCents", "orders", "repeatUnits") VALUES (?, ?, ?, ?, 0, 1, 0)`;
const ADD_UNITS = `UPDATE "DailySales" SET "units" = "units" + ? WHERE "shop" = ? AND "variantId" = ?`;

let sql: SqlConnection;

async function stored(): Promise<Array<[string, number]>> {
  const rows = await db.dailySales.findMany({ where: { shop: SHOP }, orderBy: { variantId: "asc" } });
  return rows.map((row) => [row.variantId, row.units]);
}

beforeEach(async () => {
  await resetDatabase();
  sql = await openSqlConnection(getEnv().DATABASE_URL);
});

afterEach(async () => {
  await sql.close();
});

describe("SqlConnection.writeBatch, queued", () => {
  it("commits queued batches one after another, in the order queued", async () => {
    const first = sql.writeBatch([{ sql: INSERT, rows: [[SHOP, "v1", "2026-11-01", 1]] }]);
    const second = sql.writeBatch([{ sql: ADD_UNITS, rows: [[10, SHOP, "v1"]] }]);
    sql.stageBatch([{ sql: INSERT, rows: [[SHOP, "v2", "2026-11-01", 2]] }]);
    const third = sql.writeBatch([{ sql: ADD_UNITS, rows: [[100, SHOP, "v1"], [100, SHOP, "v2"]] }]);
    expect(await Promise.all([first, second, third])).toEqual([[1], [1], [2]]);
    expect(await stored()).toEqual([
      ["v1", 111],
      ["v2", 102],
    ]);
  });

  it("drops every batch queued behind a failed one, staged rows included, and starts afresh once the failure was seen", async () => {
    await sql.writeBatch([{ sql: INSERT, rows: [[SHOP, "v1", "2026-11-01", 1]] }]);
    const failing = sql.writeBatch([{ sql: INSERT, rows: [[SHOP, "v1", "2026-11-01", 5]] }]);
    sql.stageBatch([{ sql: INSERT, rows: [[SHOP, "v2", "2026-11-01", 2]] }]);
    const queued = sql.writeBatch([{ sql: ADD_UNITS, rows: [[10, SHOP, "v1"]] }]);
    const results = await Promise.allSettled([failing, queued]);
    expect(results[0].status).toBe("rejected");
    expect(results[1]).toMatchObject({ status: "rejected", reason: expect.any(EarlierBatchFailedError) });
    // Only what committed before the failure: never a later batch without an earlier one.
    expect(await stored()).toEqual([["v1", 1]]);

    expect(await sql.writeBatch([{ sql: ADD_UNITS, rows: [[10, SHOP, "v1"]] }])).toEqual([1]);
    expect(await stored()).toEqual([["v1", 11]]);
  });

  it("reads during a batch in flight only where the connection says so, and then sees what was committed", async () => {
    await sql.writeBatch([{ sql: INSERT, rows: [[SHOP, "v1", "2026-11-01", 1]] }]);
    const inFlight = sql.writeBatch([{ sql: ADD_UNITS, rows: [[10, SHOP, "v1"]] }]);
    if (sql.readsDuringWriteBatch) {
      const units = await sql.all(`SELECT "units" FROM "DailySales" WHERE "shop" = ? AND "variantId" = ?`, [SHOP, "v1"]);
      // Before the batch or after it, never anything in between.
      expect([[[1]], [[11]]]).toContainEqual(units);
    }
    await inFlight;
    expect(await sql.all(`SELECT "units" FROM "DailySales" WHERE "shop" = ? AND "variantId" = ?`, [SHOP, "v1"])).toEqual([[11]]);
  });
});
