import { databaseProviderOf, type DatabaseProvider } from "~/db/database-url";

/**
 * The sync's own database connection: plain SQL with `?` placeholders, many rows per
 * transaction, for the bulk write path where a per-row Prisma call costs ~50× more
 * (docs/benchmarks.md). One SQL text serves both databases: the statements are ANSI plus
 * INSERT … ON CONFLICT, booleans are written as TRUE/FALSE or bound as JS booleans, and dates
 * as ISO text with an explicit +00:00 offset. Everything else (runs, leases, settings) goes
 * through Prisma.
 */
export type SqlValue = string | number | boolean | null;

/** One statement of a write-only batch and the parameter rows it runs with. */
export interface SqlBatchStatement {
  sql: string;
  rows: readonly (readonly SqlValue[])[];
}

/** `(?, ?, …), (?, ?, …), …`: the VALUES list of a multi-row INSERT (the same text on both databases). */
export function valuesPlaceholders(rowCount: number, columnCount: number): string {
  const tuple = `(${Array.from({ length: columnCount }, () => "?").join(", ")})`;
  return Array.from({ length: rowCount }, () => tuple).join(", ");
}

export interface TransactionOptions {
  /** How long BEGIN may wait for another connection's write lock (default 60 s). */
  maxWaitMs?: number;
  /**
   * For a transaction that writes a lot (a backfill's finalize): SQLite copies the WAL into the
   * database file on the writer thread after the commit instead of inside it, so the caller goes
   * on meanwhile. PostgreSQL has nothing to defer.
   */
  deferCheckpoint?: boolean;
}

export interface SqlConnection {
  readonly provider: DatabaseProvider;
  /**
   * Runs `fn` in one write transaction; on any throw everything rolls back. The connection is
   * the caller's alone (one per sync run), so statements inside `fn` need no other locking.
   */
  transaction<T>(fn: () => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** One statement; returns the rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** The same statement once per parameter row; returns the rows changed in total. */
  runMany(sql: string, rows: Iterable<readonly SqlValue[]>): Promise<number>;
  /** Every row, as arrays in column order. */
  all(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Rows in batches, for results too big to hold at once. */
  batches(sql: string, params?: readonly SqlValue[], batchSize?: number): AsyncIterable<unknown[][]>;
  /**
   * Write-only statements (each once per parameter row) in one transaction of their own; resolves
   * once it committed, with the rows each statement changed. The work may run off the caller's
   * thread (SQLite: a worker thread with its own connection; PostgreSQL: the server), so the caller
   * can prepare the next batch meanwhile. The transaction never waits for the caller's thread
   * (SQLite's write lock held while the caller's thread is busy, or blocked in another connection
   * waiting for that lock, would deadlock).
   *
   * Batches may be queued: one called while another is unsettled runs after it, and only if it
   * committed (otherwise it rejects with EarlierBatchFailedError, its staged statements dropped),
   * so what was committed is always a prefix of what was queued. Until every batch settled the
   * caller must not use the connection otherwise, except to read where `readsDuringWriteBatch`.
   */
  writeBatch(statements: readonly SqlBatchStatement[], options?: { maxWaitMs?: number }): Promise<number[]>;
  /**
   * Whether `all` and `batches` may run while batches are in flight. They then see what was
   * committed before them and nothing of the batches in flight (SQLite: the batches run on the
   * writer thread's own connection, and WAL readers never wait for a writer).
   */
  readonly readsDuringWriteBatch: boolean;
  /**
   * Statements for the next writeBatch, handed over now: they run in its transaction, before its
   * own statements, in the order staged. On SQLite they are copied to the writer thread at once,
   * so a caller that builds a large batch in parts need not hold the parts itself (held rows
   * outlive V8's young generation, see docs/sync.md). A failed writeBatch drops what was staged
   * for it. May be called while a writeBatch is in flight (the parts go to the next one).
   */
  stageBatch(statements: readonly SqlBatchStatement[]): void;
  /** Drops what was staged since the last writeBatch (a caller that gives up on a batch). */
  discardStaged(): void;
  close(): Promise<void>;
}

/** A queued writeBatch that was not run because the batch before it failed. */
export class EarlierBatchFailedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("Not written: the batch queued before it failed", options);
    this.name = "EarlierBatchFailedError";
  }
}

export async function openSqlConnection(databaseUrl: string): Promise<SqlConnection> {
  if (databaseProviderOf(databaseUrl) === "postgres") {
    const { PostgresConnection } = await import("./postgres-connection.server");
    return PostgresConnection.open(databaseUrl);
  }
  const { SqliteConnection } = await import("./sqlite-connection.server");
  return SqliteConnection.open(databaseUrl);
}
