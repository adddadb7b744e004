import Database from "libsql";
import { sqlitePathOf } from "~/db/database-url";
import { SqliteBatchWriter, type WalCheckpoint } from "./sqlite-batch-writer.server";
import type { SqlBatchStatement, SqlConnection, SqlValue, TransactionOptions } from "./sql-connection.server";

function isBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "SQLITE_BUSY";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// SQLite has no boolean type: Prisma stores Boolean columns as 0/1.
function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => (value === true ? 1 : value === false ? 0 : value));
}

/**
 * Settings of every connection the sync opens (per connection in SQLite). Writes land in key order
 * (no random index inserts), so a 4 MB page cache writes as fast as 16 MB (measured: the
 * backfill's batches, the customer-table rebuild and a million DailySales rows), and SQLite's
 * sorter, which keeps about a cache's worth of rows in memory before it spills, stays small too;
 * a WAL checkpoint every ~40 MB instead of every ~4 MB saves rewriting hot pages during bulk
 * loads; and big sorts (the customer table's rebuild) spill to temporary files instead of memory,
 * which libsql's build would otherwise use (SQLITE_TEMP_STORE=2): sorting a million-order shop in
 * memory costs ~130 MB.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
const CONNECTION_PRAGMAS = ["PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -4096", `PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`, "PRAGMA temp_store = FILE"];

/**
 * The sync's SQLite connection (libsql, synchronous): prepared statements cached by SQL text.
 * Every method does its work synchronously and returns an already-settled promise, so a
 * transaction's statements run back to back without yielding to I/O; only BEGIN waits (with an
 * asynchronous backoff) when another connection holds the write lock.
 */
export class SqliteConnection implements SqlConnection {
  readonly provider = "sqlite" as const;
  /** Batches run on the writer thread's own connection; this one reads committed pages (WAL). */
  readonly readsDuringWriteBatch = true;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  private batchWriter: SqliteBatchWriter | null = null;

  private constructor(private readonly path: string) {
    // A short busy timeout: another connection's transaction usually ends within it; when it
    // does not, `transaction` backs off asynchronously so the event loop (maybe holding that very
    // lock through Prisma) keeps running.
    this.db = new Database(path, { timeout: 50 });
    // WAL lets readers (the app's pages) read while the sync writes; it is a property of the
    // database file and harmless to set again.
    this.db.exec("PRAGMA journal_mode = WAL");
    for (const pragma of CONNECTION_PRAGMAS) this.db.exec(pragma);
  }

  static open(databaseUrl: string): SqliteConnection {
    return new SqliteConnection(sqlitePathOf(databaseUrl));
  }

  private statement(sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async transaction<T>(fn: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
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
      const result = await fn();
      if (options.deferCheckpoint) this.commitLeavingCheckpoint();
      else this.db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * COMMIT without the checkpoint SQLite would run inside it once the WAL passes
   * WAL_AUTOCHECKPOINT_PAGES (a backfill's finalize writes ~300 MB: ~1 s on this thread), then the
   * same checkpoint on the writer thread. Other connections' commits meanwhile find the checkpoint
   * lock taken and skip theirs. A checkpoint that fails leaves the pages in the WAL for the next
   * one: nothing is lost, so its outcome is only kept for tests (close() waits for it through the
   * writer, which finishes what was posted before it closes).
   */
  private commitLeavingCheckpoint(): void {
    this.db.exec("PRAGMA wal_autocheckpoint = 0");
    try {
      this.db.exec("COMMIT");
    } finally {
      this.db.exec(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    }
    this.lastCheckpoint = this.writer().checkpoint();
    this.lastCheckpoint.catch(() => undefined);
  }

  /** The checkpoint the last deferCheckpoint transaction left to the writer thread (tests). */
  lastCheckpoint: Promise<WalCheckpoint> | null = null;

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.statement(sql).run(...bind(params)).changes;
  }

  async runMany(sql: string, rows: Iterable<readonly SqlValue[]>): Promise<number> {
    const statement = this.statement(sql);
    let changes = 0;
    // One array argument: libsql binds it as is (a spread would be copied and flattened per row).
    for (const params of rows) changes += statement.run(bind(params)).changes;
    return changes;
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    return this.statement(sql).raw(true).all(...bind(params)) as unknown[][];
  }

  async *batches(sql: string, params: readonly SqlValue[] = [], batchSize = 2_000): AsyncIterable<unknown[][]> {
    let batch: unknown[][] = [];
    for (const row of this.statement(sql).raw(true).iterate(...bind(params)) as IterableIterator<unknown[]>) {
      batch.push(row);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** On a worker thread with its own connection, opened on first use (see SqliteBatchWriter). */
  writeBatch(statements: readonly SqlBatchStatement[], options: { maxWaitMs?: number } = {}): Promise<number[]> {
    return this.writer().run(statements, options);
  }

  /** Copied to the writer thread now (SqliteBatchWriter.stage). */
  stageBatch(statements: readonly SqlBatchStatement[]): void {
    this.writer().stage(statements);
  }

  discardStaged(): void {
    this.batchWriter?.discardStaged();
  }

  private writer(): SqliteBatchWriter {
    this.batchWriter ??= new SqliteBatchWriter(this.path, CONNECTION_PRAGMAS);
    return this.batchWriter;
  }

  async close(): Promise<void> {
    await this.batchWriter?.close();
    this.db.close();
  }
}
