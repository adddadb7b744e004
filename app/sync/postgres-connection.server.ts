import pg from "pg";
import { EarlierBatchFailedError, type SqlBatchStatement, type SqlConnection, type SqlValue } from "./sql-connection.server";

/**
 * `?` placeholders → PostgreSQL's `$1, $2, …`, skipping quoted identifiers and string literals
 * (the sync's SQL never has a `?` inside either, but a scanner costs nothing and cannot misfire).
 */
export function toNumberedPlaceholders(sql: string): string {
  let out = "";
  let n = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === "?") {
      n += 1;
      out += `$${n}`;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * The sync's PostgreSQL connection: one pg client (a run's statements are sequential anyway),
 * named prepared statements per SQL text, and server-side cursors for big reads so a backfill's
 * rollup never holds every order in memory.
 */
export class PostgresConnection implements SqlConnection {
  readonly provider = "postgres" as const;
  /** One client: a read would run inside the batch's transaction. */
  readonly readsDuringWriteBatch = false;
  private readonly prepared = new Map<string, { name: string; text: string }>();
  private inTransaction = false;
  private cursorCount = 0;
  private staged: SqlBatchStatement[] = [];
  /** The last batch queued, until it settles: the next one waits for it (transactions do not nest). */
  private lastBatch: Promise<unknown> | null = null;

  private constructor(private readonly client: pg.Client) {}

  static async open(databaseUrl: string): Promise<PostgresConnection> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: "backstop-sync" });
    await client.connect();
    return new PostgresConnection(client);
  }

  private query(sql: string, params: readonly SqlValue[]): Promise<pg.QueryArrayResult<unknown[]>> {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = { name: `backstop_${this.prepared.size + 1}`, text: toNumberedPlaceholders(sql) };
      this.prepared.set(sql, statement);
    }
    return this.client.query({ ...statement, values: [...params], rowMode: "array" });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error("PostgresConnection: transactions do not nest");
    await this.client.query("BEGIN");
    this.inTransaction = true;
    try {
      const result = await fn();
      await this.client.query("COMMIT");
      return result;
    } catch (error) {
      await this.client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async runMany(sql: string, rows: Iterable<readonly SqlValue[]>): Promise<number> {
    let changes = 0;
    for (const params of rows) changes += (await this.query(sql, params)).rowCount ?? 0;
    return changes;
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    return (await this.query(sql, params)).rows;
  }

  async *batches(sql: string, params: readonly SqlValue[] = [], batchSize = 2_000): AsyncIterable<unknown[][]> {
    // DECLARE takes no bind parameters, so the values are inlined as escaped literals.
    const text = inlineParameters(this.client, sql, params);
    const cursor = `backstop_cursor_${++this.cursorCount}`;
    const ownTransaction = !this.inTransaction;
    if (ownTransaction) await this.client.query("BEGIN READ ONLY");
    let failed = false;
    try {
      await this.client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${text}`);
      for (;;) {
        const { rows } = await this.client.query<unknown[]>({ text: `FETCH ${batchSize} FROM ${cursor}`, rowMode: "array" });
        if (rows.length === 0) break;
        yield rows;
        if (rows.length < batchSize) break;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Also reached when the reader stops early: the cursor (and our own transaction) must end.
      if (ownTransaction) await this.client.query(failed ? "ROLLBACK" : "COMMIT").catch(() => undefined);
      else if (!failed) await this.client.query(`CLOSE ${cursor}`);
    }
  }

  /**
   * On this connection: the server does the work while the caller's thread goes on. A batch
   * queued behind an unsettled one starts when it committed, and not at all if it failed.
   */
  writeBatch(statements: readonly SqlBatchStatement[]): Promise<number[]> {
    const staged = this.staged;
    this.staged = [];
    const write = () =>
      this.transaction(async () => {
        for (const { sql, rows } of staged) await this.runMany(sql, rows);
        const changes: number[] = [];
        for (const { sql, rows } of statements) changes.push(await this.runMany(sql, rows));
        return changes;
      });
    const previous = this.lastBatch;
    const batch = previous === null ? write() : previous.then(write, (cause: unknown) => Promise.reject(new EarlierBatchFailedError({ cause })));
    this.lastBatch = batch;
    // Forgotten once settled, so a batch queued after the caller saw the outcome starts afresh.
    // (The caller handles the batch's own rejection; this chain only clears the slot.)
    batch.then(
      () => this.forgetBatch(batch),
      () => this.forgetBatch(batch),
    );
    return batch;
  }

  private forgetBatch(batch: Promise<unknown>): void {
    if (this.lastBatch === batch) this.lastBatch = null;
  }

  /** Kept here until the next writeBatch: the rows go to the server in its transaction. */
  stageBatch(statements: readonly SqlBatchStatement[]): void {
    this.staged.push(...statements);
  }

  discardStaged(): void {
    this.staged = [];
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

function inlineParameters(client: pg.Client, sql: string, params: readonly SqlValue[]): string {
  return toNumberedPlaceholders(sql).replace(/\$(\d+)/g, (_match, digits: string) => {
    const value = params[Number(digits) - 1];
    if (value === undefined) throw new Error(`SQL parameter $${digits} has no value`);
    if (value === null) return "NULL";
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new Error(`SQL parameter $${digits} is not a finite number`);
      return String(value);
    }
    return client.escapeLiteral(value);
  });
}
