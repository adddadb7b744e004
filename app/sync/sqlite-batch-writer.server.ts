import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { SqlBatchStatement } from "./sql-connection.server";

/**
 * Write-only transactions of the sync's SQLite database on a worker thread with a connection of
 * its own, so a backfill parses the next batch of the export on the main thread while the last
 * one is written (libsql is synchronous: on the main thread the two would take turns).
 *
 * The worker's code is plain JavaScript in a string (it needs nothing but libsql): it runs the
 * same way under tsx, vitest and the production bundle, with no second entry point to build.
 *
 * One batch at a time: the main thread sends the statements; the worker begins an IMMEDIATE
 * transaction (waiting out another writer, like SqliteConnection.transaction), runs them, commits
 * and answers. It never waits for the main thread while it holds the write lock: Prisma's SQLite
 * driver waits for that lock synchronously, so a main thread blocked in it could never answer.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.libsqlPath);
const db = new Database(workerData.path, { timeout: 50 });
db.exec("PRAGMA journal_mode = WAL");
for (const pragma of workerData.pragmas) db.exec(pragma);
const statements = new Map();
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(pause, 0, 0, ms);

function statement(sql) {
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return prepared;
}

function begin(maxWaitMs) {
  let waited = 0;
  let backoff = 10;
  for (;;) {
    try {
      db.exec("BEGIN IMMEDIATE");
      return;
    } catch (error) {
      if (error.code !== "SQLITE_BUSY" || waited >= maxWaitMs) throw error;
      sleep(backoff);
      waited += backoff;
      backoff = Math.min(backoff * 2, 500);
    }
  }
}

function failure(error) {
  return { message: String(error && error.message ? error.message : error), code: error && error.code ? String(error.code) : null };
}

parentPort.on("message", (message) => {
  if (message.type === "batch") {
    try {
      begin(message.maxWaitMs);
    } catch (error) {
      parentPort.postMessage({ type: "error", error: failure(error) });
      return;
    }
    try {
      const changes = [];
      for (const { sql, rows } of message.statements) {
        const prepared = statement(sql);
        let count = 0;
        // SQLite has no boolean type: Prisma stores Boolean columns as 0/1.
        for (const params of rows) count += prepared.run(params.map((v) => (v === true ? 1 : v === false ? 0 : v))).changes;
        changes.push(count);
      }
      db.exec("COMMIT");
      parentPort.postMessage({ type: "done", changes });
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      parentPort.postMessage({ type: "error", error: failure(error) });
    }
  } else if (message.type === "close") {
    db.close();
    parentPort.close();
  }
});
`;

type WorkerReply = { type: "done"; changes: number[] } | { type: "error"; error: { message: string; code: string | null } };

/** An error the worker's SQLite raised, with SQLite's code (SQLITE_BUSY, SQLITE_CONSTRAINT…). */
export class SqliteWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "SqliteWorkerError";
  }
}

export class SqliteBatchWriter {
  private readonly worker: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: ((reply: WorkerReply) => void) | null = null;
  private broken: Error | null = null;

  /** `pragmas` run on the worker's connection once WAL is on. */
  constructor(path: string, pragmas: readonly string[]) {
    const libsqlPath = createRequire(import.meta.url).resolve("libsql");
    // The worker holds a batch at a time: a small young generation keeps its memory small.
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { libsqlPath, path, pragmas },
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on("message", (reply: WorkerReply) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.(reply);
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`The SQLite writer thread exited (code ${code})`)));
    // Only a batch in flight keeps the process alive.
    this.worker.unref();
  }

  private fail(error: Error): void {
    this.broken ??= error;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ type: "error", error: { message: error.message, code: null } });
  }

  private request(message: unknown): Promise<WorkerReply> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.worker.postMessage(message);
    });
  }

  /** One write-only transaction; see SqlConnection.writeBatch. */
  run(statements: readonly SqlBatchStatement[], options: { maxWaitMs?: number } = {}): Promise<number[]> {
    const result = this.queue.then(() => {
      // Posted (copied to the worker) here; nothing below holds the statements until the commit.
      this.worker.ref();
      return this.finish(this.request({ type: "batch", statements, maxWaitMs: options.maxWaitMs ?? 60_000 }));
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async finish(reply: Promise<WorkerReply>): Promise<number[]> {
    try {
      const done = await reply;
      if (done.type === "error") throw new SqliteWorkerError(done.error.message, done.error.code);
      return done.changes;
    } finally {
      this.worker.unref();
    }
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.broken) {
      await this.worker.terminate();
      return;
    }
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.postMessage({ type: "close" });
    await exited;
  }
}
