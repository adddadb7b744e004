import Database from "libsql";
import { decodeLines, encodeLines, keepKnownVariants, mergeLines, type SalesLine, type SalesOrderRecord } from "./sales-order";

/**
 * The sync's bulk write path to SQLite: prepared statements on a dedicated libsql connection,
 * many rows per transaction. A per-row Prisma call costs ~50× more, and a 1,000,000-order backfill
 * must write in seconds (docs/benchmarks.md). Everything else (runs, leases, settings) goes
 * through Prisma. The SQL is plain ANSI plus INSERT … ON CONFLICT, which PostgreSQL shares; a
 * PostgreSQL store would implement the same methods with $n placeholders.
 *
 * Date columns are written exactly as Prisma's SQLite adapter writes them
 * ("2026-01-02T03:04:05.678+00:00"), so Prisma reads these rows back as Dates and text order is
 * time order.
 */

export function sqlDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("Z", "+00:00");
}

/**
 * The same text from Shopify's own "2026-10-02T10:00:00Z" (or with milliseconds) without going
 * through Date: a backfill formats two dates per order, a million times.
 */
export function sqlDateTimeFromShopify(text: string | undefined, epochMs: number): string {
  if (text !== undefined && text.charCodeAt(text.length - 1) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */) {
    if (text.length === 20) return `${text.slice(0, 19)}.000+00:00`;
    if (text.length === 24 && text.charCodeAt(19) === 46 /* . */) return `${text.slice(0, 23)}+00:00`;
  }
  return sqlDateTime(epochMs);
}

export function databasePathOf(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(`The sync's SQLite store needs a file: DATABASE_URL (got "${databaseUrl.split(":")[0]}:")`);
  }
  return databaseUrl.slice("file:".length).replace(/\?.*$/, "");
}

function isBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "SQLITE_BUSY";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A (variant, day) sales key. */
export interface SalesKey {
  variantId: string;
  day: string;
}

export interface DailySalesRow extends SalesKey {
  units: number;
  revenueCents: number;
  orders: number;
  repeatUnits: number;
}

export interface LateLineInput {
  orderId: number;
  line: SalesLine;
  lineNumber: number;
}

export class OrphanLineError extends Error {
  constructor(
    readonly orderId: number,
    readonly lineNumber: number,
  ) {
    super(`Bulk result line ${lineNumber}: line item of order ${orderId}, which the export never listed`);
    this.name = "OrphanLineError";
  }
}

interface StoredOrderRow {
  id: string;
  day: string;
  isCounted: number;
  customerHash: string | null;
  linesJson: string;
}

export class SalesStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();

  private constructor(path: string) {
    // A short busy timeout: another connection's transaction usually ends within it; when it
    // does not, `write` backs off asynchronously so the event loop (maybe holding that very
    // lock through Prisma) keeps running.
    this.db = new Database(path, { timeout: 50 });
    // WAL lets readers (the app's pages) read while the sync writes; it is a property of the
    // database file and harmless to set again.
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    // Writes land in key order (no random index inserts), so a modest page cache suffices; a
    // WAL checkpoint every ~40 MB instead of every ~4 MB saves rewriting hot pages during bulk loads.
    this.db.exec("PRAGMA cache_size = -16384");
    this.db.exec("PRAGMA wal_autocheckpoint = 10000");
  }

  static open(databaseUrl: string): SalesStore {
    return new SalesStore(databasePathOf(databaseUrl));
  }

  close(): void {
    this.db.close();
  }

  private statement(sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE … COMMIT). `fn` is synchronous, so nothing
   * else in this process can interleave; on any throw everything rolls back.
   */
  async write<T>(fn: (tx: SalesWriter) => T, options: { maxWaitMs?: number } = {}): Promise<T> {
    const maxWaitMs = options.maxWaitMs ?? 60_000;
    let waitedMs = 0;
    let backoffMs = 10;
    for (;;) {
      try {
        this.db.exec("BEGIN IMMEDIATE");
        break;
      } catch (error) {
        if (!isBusy(error) || waitedMs >= maxWaitMs) throw error;
        await sleep(backoffMs);
        waitedMs += backoffMs;
        backoffMs = Math.min(backoffMs * 2, 500);
      }
    }
    try {
      const result = fn(new SalesWriter(this, (sql) => this.statement(sql)));
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Rows read for rollups (outside write transactions: the shop's lease keeps them stable). */
  iterate(sql: string, ...params: unknown[]): IterableIterator<unknown[]> {
    return this.statement(sql).raw(true).iterate(...params) as IterableIterator<unknown[]>;
  }

  all(sql: string, ...params: unknown[]): unknown[][] {
    return this.statement(sql).raw(true).all(...params) as unknown[][];
  }

  /** The id of a customer's first counted order, by (processedAt, id); null when none. */
  firstCountedOrderId(shop: string, customerHash: string): string | null {
    const row = this.statement(
      `SELECT "orderId" FROM "SalesCustomerOrder" WHERE "shop" = ? AND "customerHash" = ? AND "isCounted" = 1
       ORDER BY "processedAt", length("orderId"), "orderId" LIMIT 1`,
    )
      .raw(true)
      .get(shop, customerHash) as unknown[] | undefined;
    return row ? String(row[0]) : null;
  }

  storedOrders(shop: string, ids: readonly string[]): Map<string, StoredOrderRow> {
    const found = new Map<string, StoredOrderRow>();
    const select = (chunk: readonly string[]) =>
      this.statement(
        `SELECT "id", "day", "isCounted", "customerHash", "linesJson" FROM "SalesOrder"
         WHERE "shop" = ? AND "id" IN (${chunk.map(() => "?").join(",")})`,
      );
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const row of select(chunk).raw(true).all(shop, ...chunk) as unknown[][]) {
        found.set(String(row[0]), {
          id: String(row[0]),
          day: String(row[1]),
          isCounted: Number(row[2]),
          customerHash: row[3] === null ? null : String(row[3]),
          linesJson: String(row[4]),
        });
      }
    }
    return found;
  }
}

/**
 * Writes inside one transaction of SalesStore.write. With `trackDirty`, every change records the
 * (variant, day) keys whose DailySales it makes stale, in the same transaction; without it (a
 * backfill, which rebuilds every key at the end) nothing is tracked.
 */
export class SalesWriter {
  constructor(
    private readonly store: SalesStore,
    private readonly statement: (sql: string) => Database.Statement<unknown[]>,
  ) {}

  /** One statement of the caller's own (catalog writes); returns the rows it changed. */
  run(sql: string, ...params: unknown[]): number {
    return this.statement(sql).run(...params).changes;
  }

  /** Replaces whole orders. Returns rows written (orders + dirty keys). */
  upsertOrders(shop: string, orders: readonly SalesOrderRecord[], trackDirty: boolean): number {
    if (orders.length === 0) return 0;
    // Old rows matter when tracking (their keys go stale) and whenever a fresh line lost its
    // variant (a deleted variant keeps the history Backstop already attributed to it).
    const needOld = trackDirty ? orders : orders.filter((o) => o.lines.some((l) => l.variantId === null));
    const old = needOld.length > 0 ? this.store.storedOrders(shop, needOld.map((o) => String(o.orderId))) : new Map<string, StoredOrderRow>();
    const dirty = new DirtyKeys();
    const customers = new Set<string>();
    if (trackDirty) {
      for (const row of old.values()) {
        if (row.isCounted) dirty.addLines(row.day, decodeLines(row.linesJson));
        if (row.customerHash) customers.add(row.customerHash);
      }
      for (const order of orders) if (order.customerHash) customers.add(order.customerHash);
    }
    const firstBefore = this.firstOrders(shop, customers);

    const upsert = this.statement(
      `INSERT INTO "SalesOrder" ("shop", "id", "processedAt", "day", "shopifyUpdatedAt", "isCounted", "customerHash", "linesJson")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("shop", "id") DO UPDATE SET
         "processedAt" = excluded."processedAt", "day" = excluded."day", "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
         "isCounted" = excluded."isCounted", "customerHash" = excluded."customerHash", "linesJson" = excluded."linesJson"`,
    );
    const forgetCustomerOrder = this.statement(`DELETE FROM "SalesCustomerOrder" WHERE "shop" = ? AND "customerHash" = ? AND "orderId" = ?`);
    const rememberCustomerOrder = this.statement(
      `INSERT INTO "SalesCustomerOrder" ("shop", "customerHash", "orderId", "processedAt", "isCounted") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("shop", "customerHash", "orderId") DO UPDATE SET "processedAt" = excluded."processedAt", "isCounted" = excluded."isCounted"`,
    );
    for (const order of orders) {
      const id = String(order.orderId);
      const previous = old.get(id);
      const lines = previous ? keepKnownVariants(order.lines, decodeLines(previous.linesJson)) : order.lines;
      const processedAt = sqlDateTimeFromShopify(order.processedAtText, order.processedAtMs);
      const updatedAt = sqlDateTimeFromShopify(order.updatedAtText, order.shopifyUpdatedAtMs);
      upsert.run(shop, id, processedAt, order.day, updatedAt, order.isCounted ? 1 : 0, order.customerHash, encodeLines(lines));
      if (!trackDirty) continue;
      // Untracked writes (a backfill) leave the customer table to the rebuild that ends the backfill.
      if (previous?.customerHash && previous.customerHash !== order.customerHash) forgetCustomerOrder.run(shop, previous.customerHash, id);
      if (order.customerHash) rememberCustomerOrder.run(shop, order.customerHash, id, processedAt, order.isCounted ? 1 : 0);
      if (order.isCounted) dirty.addLines(order.day, lines);
    }
    if (trackDirty) this.addFirstOrderChanges(shop, firstBefore, dirty);
    return orders.length + (trackDirty ? this.insertDirty(shop, dirty) : 0);
  }

  /** Merges line items that arrived after their order was written. Returns rows written. */
  mergeLateLines(shop: string, late: readonly LateLineInput[], trackDirty: boolean): number {
    if (late.length === 0) return 0;
    const byOrder = new Map<string, LateLineInput[]>();
    for (const item of late) {
      const id = String(item.orderId);
      const list = byOrder.get(id);
      if (list) list.push(item);
      else byOrder.set(id, [item]);
    }
    const stored = this.store.storedOrders(shop, [...byOrder.keys()]);
    const update = this.statement(`UPDATE "SalesOrder" SET "linesJson" = ? WHERE "shop" = ? AND "id" = ?`);
    const dirty = new DirtyKeys();
    for (const [id, items] of byOrder) {
      const row = stored.get(id);
      if (!row) throw new OrphanLineError(items[0].orderId, items[0].lineNumber);
      const before = decodeLines(row.linesJson);
      const merged = mergeLines(before, keepKnownVariants(items.map((i) => i.line), before));
      update.run(encodeLines(merged), shop, id);
      if (trackDirty && row.isCounted) {
        dirty.addLines(row.day, before);
        dirty.addLines(row.day, merged);
      }
    }
    // A merged line never changes which order is a customer's first (that depends on order
    // fields only), so repeat status is untouched here.
    return byOrder.size + (trackDirty ? this.insertDirty(shop, dirty) : 0);
  }

  /** The run's resume cursor and counters, committed with the data they describe. */
  setRunProgress(runId: string, progress: { linesApplied: number; rowsWritten: number; progressPct: number }): void {
    this.statement(
      `UPDATE "SyncRun" SET "linesApplied" = ?, "rowsWritten" = ?, "progressPct" = ?, "updatedAt" = ? WHERE "id" = ?`,
    ).run(progress.linesApplied, progress.rowsWritten, progress.progressPct, sqlDateTime(Date.now()), runId);
  }

  /**
   * Rebuilds the shop's customer → orders table from SalesOrder in key order: one sorted pass,
   * far cheaper than maintaining it order by order during a backfill.
   */
  rebuildCustomerOrders(shop: string): number {
    this.statement(`DELETE FROM "SalesCustomerOrder" WHERE "shop" = ?`).run(shop);
    return this.statement(
      `INSERT INTO "SalesCustomerOrder" ("shop", "customerHash", "orderId", "processedAt", "isCounted")
       SELECT "shop", "customerHash", "id", "processedAt", "isCounted" FROM "SalesOrder"
       WHERE "shop" = ? AND "customerHash" IS NOT NULL ORDER BY "customerHash", "id"`,
    ).run(shop).changes;
  }

  /** Replaces the shop's whole DailySales with `rows` and forgets every dirty key. Returns rows written. */
  replaceAllDailySales(shop: string, rows: Iterable<DailySalesRow>): number {
    this.statement(`DELETE FROM "DailySales" WHERE "shop" = ?`).run(shop);
    this.statement(`DELETE FROM "SalesDirtyKey" WHERE "shop" = ?`).run(shop);
    return this.insertDailySales(shop, rows);
  }

  /** Replaces the DailySales rows of exactly `keys` with `rows` (a subset of them) and clears those keys. */
  replaceDailySalesKeys(shop: string, keys: readonly SalesKey[], rows: readonly DailySalesRow[]): number {
    const remove = this.statement(`DELETE FROM "DailySales" WHERE "shop" = ? AND "variantId" = ? AND "day" = ?`);
    const clear = this.statement(`DELETE FROM "SalesDirtyKey" WHERE "shop" = ? AND "variantId" = ? AND "day" = ?`);
    for (const key of keys) {
      remove.run(shop, key.variantId, key.day);
      clear.run(shop, key.variantId, key.day);
    }
    this.insertDailySales(shop, rows);
    return keys.length;
  }

  private insertDailySales(shop: string, rows: Iterable<DailySalesRow>): number {
    const insert = this.statement(
      `INSERT INTO "DailySales" ("shop", "variantId", "day", "units", "revenueCents", "orders", "repeatUnits") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    let count = 0;
    for (const row of rows) {
      insert.run(shop, row.variantId, row.day, row.units, row.revenueCents, row.orders, row.repeatUnits);
      count += 1;
    }
    return count;
  }

  /** Marks a successful run and the shop's new sync state, in the rollup's transaction. */
  markSucceeded(input: {
    shop: string;
    runId: string;
    watermarkMs: number | null;
    finishedAtMs: number;
    historyLimited: boolean;
    historyStartsAtMs: number | null;
    rowsWritten: number;
    timingsJson: string;
  }): void {
    const now = sqlDateTime(input.finishedAtMs);
    this.statement(
      `INSERT INTO "SyncState" ("shop", "ordersWatermark", "lastSucceededAt", "lastRunId", "needsFullRollup", "historyLimited", "historyStartsAt", "scheduleStopped", "updatedAt")
       VALUES (?, ?, ?, ?, 0, ?, ?, 0, ?)
       ON CONFLICT ("shop") DO UPDATE SET
         "ordersWatermark" = COALESCE(excluded."ordersWatermark", "SyncState"."ordersWatermark"),
         "lastSucceededAt" = excluded."lastSucceededAt", "lastRunId" = excluded."lastRunId", "needsFullRollup" = 0,
         "historyLimited" = excluded."historyLimited",
         "historyStartsAt" = COALESCE(excluded."historyStartsAt", "SyncState"."historyStartsAt"),
         "scheduleStopped" = 0, "updatedAt" = excluded."updatedAt"`,
    ).run(
      input.shop,
      input.watermarkMs === null ? null : sqlDateTime(input.watermarkMs),
      now,
      input.runId,
      input.historyLimited ? 1 : 0,
      input.historyStartsAtMs === null ? null : sqlDateTime(input.historyStartsAtMs),
      now,
    );
    this.statement(
      `UPDATE "SyncRun" SET "status" = 'succeeded', "progressPct" = 100, "finishedAt" = ?, "rowsWritten" = ?, "timingsJson" = ?,
         "errorCode" = NULL, "errorMessage" = NULL, "updatedAt" = ? WHERE "id" = ?`,
    ).run(now, input.rowsWritten, input.timingsJson, now, input.runId);
  }

  private firstOrders(shop: string, customers: ReadonlySet<string>): Map<string, string | null> {
    const first = new Map<string, string | null>();
    for (const hash of customers) first.set(hash, this.store.firstCountedOrderId(shop, hash));
    return first;
  }

  /**
   * Only a customer's first counted order is not a repeat purchase. When a change makes another
   * order the first one (an earlier order arrived, the first was cancelled…), exactly two orders
   * flip: the old first and the new first. Their keys go stale too.
   */
  private addFirstOrderChanges(shop: string, before: ReadonlyMap<string, string | null>, dirty: DirtyKeys): void {
    const flipped: string[] = [];
    for (const [hash, previous] of before) {
      const current = this.store.firstCountedOrderId(shop, hash);
      if (current === previous) continue;
      if (previous !== null) flipped.push(previous);
      if (current !== null) flipped.push(current);
    }
    if (flipped.length === 0) return;
    for (const row of this.store.storedOrders(shop, flipped).values()) {
      if (row.isCounted) dirty.addLines(row.day, decodeLines(row.linesJson));
    }
  }

  private insertDirty(shop: string, dirty: DirtyKeys): number {
    const insert = this.statement(
      `INSERT INTO "SalesDirtyKey" ("shop", "variantId", "day") VALUES (?, ?, ?) ON CONFLICT ("shop", "variantId", "day") DO NOTHING`,
    );
    for (const key of dirty.keys()) insert.run(shop, key.variantId, key.day);
    return dirty.size;
  }
}

class DirtyKeys {
  private readonly seen = new Map<string, SalesKey>();

  addLines(day: string, lines: readonly SalesLine[]): void {
    for (const line of lines) {
      if (line.variantId === null) continue;
      const variantId = String(line.variantId);
      const key = `${variantId}|${day}`;
      if (!this.seen.has(key)) this.seen.set(key, { variantId, day });
    }
  }

  keys(): IterableIterator<SalesKey> {
    return this.seen.values();
  }

  get size(): number {
    return this.seen.size;
  }
}
