import { integerText } from "~/lib/integer-text";
import { decodeLines, encodeLines, keepKnownVariants, mergeLines, type SalesLine, type SalesOrderRecord } from "./sales-order";
import { openSqlConnection, valuesPlaceholders, type SqlConnection, type SqlValue, type TransactionOptions } from "./sql-connection.server";

/**
 * Bulk writes put ROWS_PER_INSERT rows in one `INSERT … VALUES (…), (…), …`: libsql binds each
 * statement's parameters in one call whose fixed cost, per row, was more than SQLite's own work
 * (measured: 718,000 DailySales rows in 3.6 s one per statement, 2.6 s a hundred per statement,
 * 1.2 s for SQLite alone). Plain SQL, the same on PostgreSQL; rows of one statement never share a
 * key (PostgreSQL refuses an upsert that touches a row twice).
 */
const ROWS_PER_INSERT = 100;

const upsertSalesOrderSql = (rowCount: number) =>
  `INSERT INTO "SalesOrder" ("shop", "id", "processedAt", "day", "shopifyUpdatedAt", "isCounted", "customerHash", "linesJson")
       VALUES ${valuesPlaceholders(rowCount, 8)}
       ON CONFLICT ("shop", "id") DO UPDATE SET
         "processedAt" = excluded."processedAt", "day" = excluded."day", "shopifyUpdatedAt" = excluded."shopifyUpdatedAt",
         "isCounted" = excluded."isCounted", "customerHash" = excluded."customerHash", "linesJson" = excluded."linesJson"`;
const UPSERT_SALES_ORDER = upsertSalesOrderSql(1);
const UPSERT_SALES_ORDERS = upsertSalesOrderSql(ROWS_PER_INSERT);

const insertDailySalesSql = (rowCount: number) =>
  `INSERT INTO "DailySales" ("shop", "variantId", "day", "units", "revenueCents", "orders", "repeatUnits") VALUES ${valuesPlaceholders(rowCount, 7)}`;
const INSERT_DAILY_SALES = insertDailySalesSql(1);
const INSERT_DAILY_SALES_MANY = insertDailySalesSql(ROWS_PER_INSERT);

/**
 * Values laid out for the multi-row statement: `full` holds ROWS_PER_INSERT rows' values per entry,
 * `rest` the rows left over, one per entry (for the single-row form). Values are pushed straight
 * into the flat lists: building a row array per order and flattening groups of them afterwards
 * (`Array.prototype.flat`) cost a backfill ~1.5 s of its main thread per million orders.
 */
class GroupedRows {
  readonly full: SqlValue[][] = [];
  readonly rest: SqlValue[][] = [];
  private group: SqlValue[] = [];
  private rowsInGroup = 0;
  private added = 0;

  /** `rowCount` rows will be added: the last `rowCount % ROWS_PER_INSERT` go to `rest`. */
  constructor(private readonly rowCount: number) {}

  /** The list the next row's values go to (call once per row, then push its values). */
  nextRow(): SqlValue[] {
    const index = this.added;
    this.added += 1;
    if (index >= this.rowCount - (this.rowCount % ROWS_PER_INSERT)) {
      const row: SqlValue[] = [];
      this.rest.push(row);
      return row;
    }
    if (this.rowsInGroup === ROWS_PER_INSERT) {
      this.group = [];
      this.rowsInGroup = 0;
    }
    if (this.rowsInGroup === 0) this.full.push(this.group);
    this.rowsInGroup += 1;
    return this.group;
  }
}

/** Values per `IN (…)` list of a lookup (bound parameters stay far below either database's limit). */
const IN_LIST_CHUNK = 500;

const SET_RUN_PROGRESS = `UPDATE "SyncRun" SET "linesApplied" = ?, "rowsWritten" = ?, "progressPct" = ?, "updatedAt" = ? WHERE "id" = ?`;

/** The run's resume cursor and counters, committed with the data they describe. */
export interface RunProgress {
  linesApplied: number;
  rowsWritten: number;
  progressPct: number;
}

function runProgressParams(runId: string, progress: RunProgress): SqlValue[] {
  return [progress.linesApplied, progress.rowsWritten, progress.progressPct, sqlDateTime(Date.now()), runId];
}

/** Appends a SalesOrder row's parameters (UPSERT_SALES_ORDER) for an order with these stored lines. */
function pushSalesOrderParams(target: SqlValue[], shop: string, order: SalesOrderRecord, lines: readonly SalesLine[]): SqlValue[] {
  const processedAt = sqlDateTime(order.processedAtMs);
  const updatedAt = sqlDateTime(order.shopifyUpdatedAtMs);
  target.push(shop, integerText(order.orderId), processedAt, order.day, updatedAt, order.isCounted, order.customerHash, encodeLines(lines));
  return target;
}

/**
 * The sync's bulk write path: plain SQL on a dedicated connection (SQLite or PostgreSQL, see
 * sql-connection.server.ts), many rows per transaction. A per-row Prisma call costs ~50× more,
 * and a 1,000,000-order backfill must write in seconds (docs/benchmarks.md). Everything else
 * (runs, leases, settings) goes through Prisma.
 *
 * Date columns are written as "2026-01-02T03:04:05.678+00:00": exactly what Prisma's SQLite
 * adapter writes (so Prisma reads these rows back as Dates and text order is time order), and a
 * UTC timestamp to PostgreSQL.
 */

/** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years toISOString writes with four digits. */
const FOUR_DIGIT_YEARS_FROM_MS = -62_167_219_200_000;
const FOUR_DIGIT_YEARS_UNTIL_MS = 253_402_300_800_000;
const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
/** "YYYY-MM-DDT" per UTC day number; a backfill writes two dates per order, a million times. */
const dayPrefixes = new Map<number, string>();
const MAX_CACHED_DAYS = 8_192;

/**
 * The text of `new Date(epochMs).toISOString()` with "+00:00" for "Z", built from cached parts: the
 * date part is formatted once per day, the time from small tables (formatting through Date took
 * ~0.5 s of a million-order backfill). Anything unusual (a fraction of a millisecond, a year
 * outside 0–9999, NaN) goes through Date, so the answer is always Date's.
 */
export function sqlDateTime(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < FOUR_DIGIT_YEARS_FROM_MS || epochMs >= FOUR_DIGIT_YEARS_UNTIL_MS) {
    return new Date(epochMs).toISOString().replace("Z", "+00:00");
  }
  const day = Math.floor(epochMs / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= MAX_CACHED_DAYS) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = epochMs - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  return `${prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest - seconds * 1_000]}+00:00`;
}

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
  private constructor(private readonly sql: SqlConnection) {}

  static async open(databaseUrl: string): Promise<SalesStore> {
    return new SalesStore(await openSqlConnection(databaseUrl));
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  /** Runs `fn` in one write transaction; on any throw everything rolls back. */
  write<T>(fn: (tx: SalesWriter) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.sql.transaction(() => fn(new SalesWriter(this, this.sql)), options);
  }

  /**
   * Hands whole orders (replacing any stored rows of theirs) to the connection for the next
   * commitStagedOrders, which writes them in one transaction with the run's progress; the caller
   * keeps nothing of them (SqlConnection.stageBatch). The backfill stages a few hundred orders at
   * a time and commits every few thousand: orders and rows held for a whole batch outlived V8's
   * young generation.
   *
   * For writes that track no stale keys. A line without a variant keeps the variant already
   * stored for it (keepKnownVariants), so those few orders are read first: at once where the
   * connection reads while batches are in flight (SQLite), else after `beforeRead` (the caller
   * settles its batches). Either way the read sees every earlier run's rows, and none of these
   * orders can be in a batch in flight (an export names each order once); nothing else writes
   * them meanwhile (the run's lease). The benchmark's backfill has ~150 such parts (lines of
   * deleted variants): settling before each cost its main thread ~1 s (docs/benchmarks.md).
   */
  async stageOrders(shop: string, orders: readonly SalesOrderRecord[], beforeRead: () => Promise<void>): Promise<void> {
    if (orders.length === 0) return;
    const unlinked = orders.filter((order) => order.lines.some((line) => line.variantId === null));
    let stored: Map<string, StoredOrderRow> | null = null;
    if (unlinked.length > 0) {
      if (!this.sql.readsDuringWriteBatch) await beforeRead();
      stored = await this.storedOrders(shop, unlinked.map((order) => String(order.orderId)));
    }
    const grouped = new GroupedRows(orders.length);
    for (const order of orders) {
      const previous = stored?.get(String(order.orderId));
      pushSalesOrderParams(grouped.nextRow(), shop, order, previous ? keepKnownVariants(order.lines, decodeLines(previous.linesJson)) : order.lines);
    }
    this.sql.stageBatch([
      { sql: UPSERT_SALES_ORDERS, rows: grouped.full },
      { sql: UPSERT_SALES_ORDER, rows: grouped.rest },
    ]);
  }

  /**
   * Commits the staged orders with the run's progress, in a transaction of its own that runs while
   * the caller goes on (SqlConnection.writeBatch): the backfill parses its next orders meanwhile.
   */
  commitStagedOrders(run: { runId: string; progress: RunProgress }): Promise<void> {
    return this.sql.writeBatch([{ sql: SET_RUN_PROGRESS, rows: [runProgressParams(run.runId, run.progress)] }]).then(() => undefined);
  }

  /** Forgets staged orders that will not be committed (a download that broke off). */
  discardStagedOrders(): void {
    this.sql.discardStaged();
  }

  /** Rows read for rollups, in batches (the shop's lease keeps them stable). */
  batches(sql: string, ...params: SqlValue[]): AsyncIterable<unknown[][]> {
    return this.sql.batches(sql, params);
  }

  all(sql: string, ...params: SqlValue[]): Promise<unknown[][]> {
    return this.sql.all(sql, params);
  }

  /**
   * Each customer's first counted order id, by (processedAt, then id as a number: shorter digit
   * strings first); null for a customer without one. A few hundred customers per query: one query
   * per customer cost an incremental day of a million-order shop ~14,000 queries (two per changed
   * customer), and libsql keeps native memory for every query it ran.
   */
  async firstCountedOrderIds(shop: string, customerHashes: Iterable<string>): Promise<Map<string, string | null>> {
    const first = new Map<string, string | null>();
    for (const hash of customerHashes) first.set(hash, null);
    const rows = this.inListRows(
      [...first.keys()],
      (inList) => `SELECT "customerHash", "orderId" FROM "SalesCustomerOrder"
         WHERE "shop" = ? AND "isCounted" = TRUE AND "customerHash" IN (${inList})
         ORDER BY "customerHash", "processedAt", length("orderId"), "orderId"`,
      [shop],
    );
    // Rows come grouped by customer, earliest first (a customer is in one query): the first row
    // of each group is the answer.
    for await (const [hash, orderId] of rows) {
      const key = String(hash);
      if (first.get(key) === null) first.set(key, String(orderId));
    }
    return first;
  }

  async storedOrders(shop: string, ids: readonly string[]): Promise<Map<string, StoredOrderRow>> {
    const found = new Map<string, StoredOrderRow>();
    const rows = this.inListRows(
      ids,
      (inList) => `SELECT "id", "day", "isCounted", "customerHash", "linesJson" FROM "SalesOrder"
         WHERE "shop" = ? AND "id" IN (${inList})`,
      [shop],
    );
    for await (const row of rows) {
      found.set(String(row[0]), {
        id: String(row[0]),
        day: String(row[1]),
        isCounted: Number(row[2]),
        customerHash: row[3] === null ? null : String(row[3]),
        linesJson: String(row[4]),
      });
    }
    return found;
  }

  /**
   * The rows of a lookup by a list of values, IN_LIST_CHUNK values per query: `sqlFor` gets one
   * chunk's placeholders for its `IN (…)`, and `params` are bound before the chunk's values.
   */
  private async *inListRows(values: readonly string[], sqlFor: (inList: string) => string, params: readonly SqlValue[]): AsyncGenerator<unknown[]> {
    for (let i = 0; i < values.length; i += IN_LIST_CHUNK) {
      const chunk = values.slice(i, i + IN_LIST_CHUNK);
      yield* await this.sql.all(sqlFor(chunk.map(() => "?").join(", ")), [...params, ...chunk]);
    }
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
    private readonly sql: SqlConnection,
  ) {}

  /** One statement of the caller's own (catalog writes); returns the rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<number> {
    return this.sql.run(sql, params);
  }

  /** One statement of the caller's own, once per parameter row; returns the rows changed. */
  runMany(sql: string, rows: Iterable<readonly SqlValue[]>): Promise<number> {
    return this.sql.runMany(sql, rows);
  }

  /** Replaces whole orders. Returns rows written (orders + dirty keys). */
  async upsertOrders(shop: string, orders: readonly SalesOrderRecord[], trackDirty: boolean): Promise<number> {
    if (orders.length === 0) return 0;
    // Old rows matter when tracking (their keys go stale) and whenever a fresh line lost its
    // variant (a deleted variant keeps the history Backstop already attributed to it).
    const needOld = trackDirty ? orders : orders.filter((o) => o.lines.some((l) => l.variantId === null));
    const old = needOld.length > 0 ? await this.store.storedOrders(shop, needOld.map((o) => String(o.orderId))) : new Map<string, StoredOrderRow>();
    const dirty = new DirtyKeys();
    const customers = new Set<string>();
    if (trackDirty) {
      for (const row of old.values()) {
        if (row.isCounted) dirty.addLines(row.day, decodeLines(row.linesJson));
        if (row.customerHash) customers.add(row.customerHash);
      }
      for (const order of orders) if (order.customerHash) customers.add(order.customerHash);
    }
    const firstBefore = await this.store.firstCountedOrderIds(shop, customers);

    const orderRows: SqlValue[][] = [];
    const forgotten: SqlValue[][] = [];
    const remembered: SqlValue[][] = [];
    for (const order of orders) {
      const id = String(order.orderId);
      const previous = old.get(id);
      const lines = previous ? keepKnownVariants(order.lines, decodeLines(previous.linesJson)) : order.lines;
      const row = pushSalesOrderParams([], shop, order, lines);
      orderRows.push(row);
      if (!trackDirty) continue;
      const processedAt = row[2];
      // Untracked writes (a backfill) leave the customer table to the rebuild that ends the backfill.
      if (previous?.customerHash && previous.customerHash !== order.customerHash) forgotten.push([shop, previous.customerHash, id]);
      if (order.customerHash) remembered.push([shop, order.customerHash, id, processedAt, order.isCounted]);
      if (order.isCounted) dirty.addLines(order.day, lines);
    }
    await this.sql.runMany(UPSERT_SALES_ORDER, orderRows);
    if (forgotten.length > 0) {
      await this.sql.runMany(`DELETE FROM "SalesCustomerOrder" WHERE "shop" = ? AND "customerHash" = ? AND "orderId" = ?`, forgotten);
    }
    if (remembered.length > 0) {
      await this.sql.runMany(
        `INSERT INTO "SalesCustomerOrder" ("shop", "customerHash", "orderId", "processedAt", "isCounted") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT ("shop", "customerHash", "orderId") DO UPDATE SET "processedAt" = excluded."processedAt", "isCounted" = excluded."isCounted"`,
        remembered,
      );
    }
    if (trackDirty) await this.addFirstOrderChanges(shop, firstBefore, dirty);
    return orders.length + (trackDirty ? await this.insertDirty(shop, dirty) : 0);
  }

  /** Merges line items that arrived after their order was written. Returns rows written. */
  async mergeLateLines(shop: string, late: readonly LateLineInput[], trackDirty: boolean): Promise<number> {
    if (late.length === 0) return 0;
    const byOrder = new Map<string, LateLineInput[]>();
    for (const item of late) {
      const id = String(item.orderId);
      const list = byOrder.get(id);
      if (list) list.push(item);
      else byOrder.set(id, [item]);
    }
    const stored = await this.store.storedOrders(shop, [...byOrder.keys()]);
    const updates: SqlValue[][] = [];
    const dirty = new DirtyKeys();
    for (const [id, items] of byOrder) {
      const row = stored.get(id);
      if (!row) throw new OrphanLineError(items[0].orderId, items[0].lineNumber);
      const before = decodeLines(row.linesJson);
      const merged = mergeLines(before, keepKnownVariants(items.map((i) => i.line), before));
      updates.push([encodeLines(merged), shop, id]);
      if (trackDirty && row.isCounted) {
        dirty.addLines(row.day, before);
        dirty.addLines(row.day, merged);
      }
    }
    await this.sql.runMany(`UPDATE "SalesOrder" SET "linesJson" = ? WHERE "shop" = ? AND "id" = ?`, updates);
    // A merged line never changes which order is a customer's first (that depends on order
    // fields only), so repeat status is untouched here.
    return byOrder.size + (trackDirty ? await this.insertDirty(shop, dirty) : 0);
  }

  /** The run's resume cursor and counters, committed with the data they describe. */
  async setRunProgress(runId: string, progress: RunProgress): Promise<void> {
    await this.sql.run(SET_RUN_PROGRESS, runProgressParams(runId, progress));
  }

  /**
   * Rebuilds the shop's customer → orders table from SalesOrder in key order: one sorted pass,
   * far cheaper than maintaining it order by order during a backfill.
   */
  async rebuildCustomerOrders(shop: string): Promise<number> {
    await this.sql.run(`DELETE FROM "SalesCustomerOrder" WHERE "shop" = ?`, [shop]);
    return this.sql.run(
      `INSERT INTO "SalesCustomerOrder" ("shop", "customerHash", "orderId", "processedAt", "isCounted")
       SELECT "shop", "customerHash", "id", "processedAt", "isCounted" FROM "SalesOrder"
       WHERE "shop" = ? AND "customerHash" IS NOT NULL ORDER BY "customerHash", "id"`,
      [shop],
    );
  }

  /** Replaces the shop's whole DailySales with `rows` and forgets every dirty key. Returns rows written. */
  async replaceAllDailySales(shop: string, rows: Iterable<DailySalesRow>): Promise<number> {
    await this.sql.run(`DELETE FROM "DailySales" WHERE "shop" = ?`, [shop]);
    await this.sql.run(`DELETE FROM "SalesDirtyKey" WHERE "shop" = ?`, [shop]);
    return this.insertDailySales(shop, rows);
  }

  /** Replaces the DailySales rows of exactly `keys` with `rows` (a subset of them) and clears those keys. */
  async replaceDailySalesKeys(shop: string, keys: readonly SalesKey[], rows: readonly DailySalesRow[]): Promise<number> {
    const keyRows = keys.map((key) => [shop, key.variantId, key.day]);
    await this.sql.runMany(`DELETE FROM "DailySales" WHERE "shop" = ? AND "variantId" = ? AND "day" = ?`, keyRows);
    await this.sql.runMany(`DELETE FROM "SalesDirtyKey" WHERE "shop" = ? AND "variantId" = ? AND "day" = ?`, keyRows);
    await this.insertDailySales(shop, rows);
    return keys.length;
  }

  private async insertDailySales(shop: string, rows: Iterable<DailySalesRow>): Promise<number> {
    let count = 0;
    let group: SqlValue[] = [];
    const rest: SqlValue[][] = [];
    // A hundred rows per statement, produced as the rows come (a full rebuild has a million).
    function* groups(): Generator<SqlValue[]> {
      for (const row of rows) {
        count += 1;
        group.push(shop, row.variantId, row.day, row.units, row.revenueCents, row.orders, row.repeatUnits);
        if (group.length === ROWS_PER_INSERT * 7) {
          yield group;
          group = [];
        }
      }
      for (let i = 0; i < group.length; i += 7) rest.push(group.slice(i, i + 7));
    }
    await this.sql.runMany(INSERT_DAILY_SALES_MANY, groups());
    await this.sql.runMany(INSERT_DAILY_SALES, rest);
    return count;
  }

  /** Marks a successful run and the shop's new sync state, in the rollup's transaction. */
  async markSucceeded(input: {
    shop: string;
    runId: string;
    watermarkMs: number | null;
    finishedAtMs: number;
    historyLimited: boolean;
    historyStartsAtMs: number | null;
    rowsWritten: number;
    timingsJson: string;
  }): Promise<void> {
    const now = sqlDateTime(input.finishedAtMs);
    await this.sql.run(
      `INSERT INTO "SyncState" ("shop", "ordersWatermark", "lastSucceededAt", "lastRunId", "needsFullRollup", "historyLimited", "historyStartsAt", "scheduleStopped", "updatedAt")
       VALUES (?, ?, ?, ?, FALSE, ?, ?, FALSE, ?)
       ON CONFLICT ("shop") DO UPDATE SET
         "ordersWatermark" = COALESCE(excluded."ordersWatermark", "SyncState"."ordersWatermark"),
         "lastSucceededAt" = excluded."lastSucceededAt", "lastRunId" = excluded."lastRunId", "needsFullRollup" = FALSE,
         "historyLimited" = excluded."historyLimited",
         "historyStartsAt" = COALESCE(excluded."historyStartsAt", "SyncState"."historyStartsAt"),
         "scheduleStopped" = FALSE, "updatedAt" = excluded."updatedAt"`,
      [
        input.shop,
        input.watermarkMs === null ? null : sqlDateTime(input.watermarkMs),
        now,
        input.runId,
        input.historyLimited,
        input.historyStartsAtMs === null ? null : sqlDateTime(input.historyStartsAtMs),
        now,
      ],
    );
    await this.sql.run(
      `UPDATE "SyncRun" SET "status" = 'succeeded', "progressPct" = 100, "finishedAt" = ?, "rowsWritten" = ?, "timingsJson" = ?,
         "errorCode" = NULL, "errorMessage" = NULL, "updatedAt" = ? WHERE "id" = ?`,
      [now, input.rowsWritten, input.timingsJson, now, input.runId],
    );
  }

  /**
   * Only a customer's first counted order is not a repeat purchase. When a change makes another
   * order the first one (an earlier order arrived, the first was cancelled…), exactly two orders
   * flip: the old first and the new first. Their keys go stale too.
   */
  private async addFirstOrderChanges(shop: string, before: ReadonlyMap<string, string | null>, dirty: DirtyKeys): Promise<void> {
    const flipped: string[] = [];
    const after = await this.store.firstCountedOrderIds(shop, before.keys());
    for (const [hash, previous] of before) {
      const current = after.get(hash) ?? null;
      if (current === previous) continue;
      if (previous !== null) flipped.push(previous);
      if (current !== null) flipped.push(current);
    }
    if (flipped.length === 0) return;
    for (const row of (await this.store.storedOrders(shop, flipped)).values()) {
      if (row.isCounted) dirty.addLines(row.day, decodeLines(row.linesJson));
    }
  }

  private async insertDirty(shop: string, dirty: DirtyKeys): Promise<number> {
    await this.sql.runMany(
      `INSERT INTO "SalesDirtyKey" ("shop", "variantId", "day") VALUES (?, ?, ?) ON CONFLICT ("shop", "variantId", "day") DO NOTHING`,
      [...dirty.keys()].map((key) => [shop, key.variantId, key.day]),
    );
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
