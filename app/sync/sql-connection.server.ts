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

export interface SqlConnection {
  readonly provider: DatabaseProvider;
  /**
   * Runs `fn` in one write transaction; on any throw everything rolls back. The connection is
   * the caller's alone (one per sync run), so statements inside `fn` need no other locking.
   */
  transaction<T>(fn: () => Promise<T>, options?: { maxWaitMs?: number }): Promise<T>;
  /** One statement; returns the rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** The same statement once per parameter row; returns the rows changed in total. */
  runMany(sql: string, rows: Iterable<readonly SqlValue[]>): Promise<number>;
  /** Every row, as arrays in column order. */
  all(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Rows in batches, for results too big to hold at once. */
  batches(sql: string, params?: readonly SqlValue[], batchSize?: number): AsyncIterable<unknown[][]>;
  close(): Promise<void>;
}

export async function openSqlConnection(databaseUrl: string): Promise<SqlConnection> {
  if (databaseProviderOf(databaseUrl) === "postgres") {
    const { PostgresConnection } = await import("./postgres-connection.server");
    return PostgresConnection.open(databaseUrl);
  }
  const { SqliteConnection } = await import("./sqlite-connection.server");
  return SqliteConnection.open(databaseUrl);
}
