import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { EarlierBatchFailedError, type SqlBatchStatement } from "./sql-connection.server";

/** The code of the worker's answer to a chained batch it did not run (EarlierBatchFailedError). */
const EARLIER_BATCH_FAILED = "BACKSTOP_EARLIER_BATCH_FAILED";

/**
 * Write-only transactions of the sync's SQLite database on a worker thread with a connection of
 * its own, so a backfill parses the next batch of the export on the main thread while the last
 * one is written (libsql is synchronous: on the main thread the two would take turns).
 *
 * The worker's code is plain JavaScript in a string (it needs nothing but libsql): it runs the
 * same way under tsx, vitest and the production bundle, with no second entry point to build.
 *
 * One batch at a time, in the order sent: the main thread posts each batch as soon as it has it
 * (the thread queues them) and the worker answers each once. A batch posted while an earlier
 * message was unanswered is marked chained, and runs only if the batch before it committed: a
 * caller that queues batch 2 behind batch 1 must never find 2 committed without 1. For a batch
 * the worker begins an IMMEDIATE transaction (waiting out another writer, like
 * SqliteConnection.transaction), runs the statements staged for it and then its own, commits and
 * answers. Staged statements are only kept until then: the worker never waits for the main
 * thread while it holds the write lock. Prisma's SQLite driver waits for that lock synchronously,
 * so a main thread blocked in it could never send the rest.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const EARLIER_BATCH_FAILED = ${JSON.stringify(EARLIER_BATCH_FAILED)};
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

// SQLite has no boolean type: Prisma stores Boolean columns as 0/1.
function runStatement({ sql, rows }) {
  const prepared = statement(sql);
  let count = 0;
  for (const params of rows) count += prepared.run(params.map((v) => (v === true ? 1 : v === false ? 0 : v))).changes;
  return count;
}

// Statements staged for the next batch (lists of statements, in the order staged).
let staged = [];
// Whether the last batch failed or was refused. A message sent while nothing was unanswered
// (not chained) starts afresh: its sender had seen every earlier answer.
let lastBatchFailed = false;

parentPort.on("message", (message) => {
  if (message.chained === false) lastBatchFailed = false;
  if (message.type === "stage") {
    staged.push(message.statements);
  } else if (message.type === "discard") {
    staged = [];
  } else if (message.type === "batch") {
    // Whatever happens to this batch, what was staged for it goes with it.
    const stagedForBatch = staged;
    staged = [];
    if (lastBatchFailed) {
      parentPort.postMessage({ type: "error", error: { message: "earlier batch failed", code: EARLIER_BATCH_FAILED } });
      return;
    }
    // Failed until its COMMIT succeeds, whichever way it fails.
    lastBatchFailed = true;
    try {
      begin(message.maxWaitMs);
    } catch (error) {
      parentPort.postMessage({ type: "error", error: failure(error) });
      return;
    }
    try {
      for (const statements of stagedForBatch) for (const s of statements) runStatement(s);
      const changes = [];
      for (const s of message.statements) changes.push(runStatement(s));
      db.exec("COMMIT");
      lastBatchFailed = false;
      parentPort.postMessage({ type: "done", changes });
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      parentPort.postMessage({ type: "error", error: failure(error) });
    }
  } else if (message.type === "checkpoint") {
    // PASSIVE: copies what no reader still needs and never waits for anyone. Answered like a batch.
    try {
      const [busy, log, checkpointed] = db.prepare("PRAGMA wal_checkpoint(PASSIVE)").raw(true).get();
      parentPort.postMessage({ type: "done", changes: [busy, log, checkpointed] });
    } catch (error) {
      parentPort.postMessage({ type: "error", error: failure(error) });
    }
  } else if (message.type === "close") {
    db.close();
    parentPort.close();
  }
});
`;

/** What a PASSIVE checkpoint did: whether it stopped short, frames in the WAL, frames copied. */
export interface WalCheckpoint {
  busy: boolean;
  walFrames: number;
  checkpointedFrames: number;
}

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
  /** Batches and checkpoints posted and not answered yet, oldest first (answered in order). */
  private readonly waiting: Array<(reply: WorkerReply) => void> = [];
  private last: Promise<unknown> = Promise.resolve();
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
    this.worker.on("message", (reply: WorkerReply) => this.waiting.shift()?.(reply));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`The SQLite writer thread exited (code ${code})`)));
    // Only a batch in flight keeps the process alive.
    this.worker.unref();
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const waiting of this.waiting.splice(0)) waiting({ type: "error", error: { message: error.message, code: null } });
  }

  /**
   * Statements for the next run(), copied to the thread now (see SqlConnection.stageBatch): the
   * caller keeps nothing of them.
   */
  stage(statements: readonly SqlBatchStatement[]): void {
    if (this.broken) throw this.broken;
    this.worker.postMessage({ type: "stage", statements });
  }

  /** Drops what was staged since the last run(). */
  discardStaged(): void {
    if (!this.broken) this.worker.postMessage({ type: "discard" });
  }

  /** One write-only transaction; see SqlConnection.writeBatch. Posted (copied to the thread) at once. */
  run(statements: readonly SqlBatchStatement[], options: { maxWaitMs?: number } = {}): Promise<number[]> {
    return this.request({ type: "batch", statements, maxWaitMs: options.maxWaitMs ?? 60_000 });
  }

  /**
   * Copies the WAL's committed pages into the database file on the worker's thread (a PASSIVE
   * checkpoint, after whatever was posted before it), so a connection that committed a large
   * transaction without checkpointing need not do it on its own thread.
   */
  checkpoint(): Promise<WalCheckpoint> {
    return this.request({ type: "checkpoint" }).then(([busy, walFrames, checkpointedFrames]) => ({ busy: busy === 1, walFrames, checkpointedFrames }));
  }

  /** Posts a message the worker answers (in the order posted) and resolves with its answer. */
  private request(message: { type: "batch"; statements: readonly SqlBatchStatement[]; maxWaitMs: number } | { type: "checkpoint" }): Promise<number[]> {
    if (this.broken) return Promise.reject(this.broken);
    const chained = this.waiting.length > 0;
    const reply = new Promise<WorkerReply>((resolve) => this.waiting.push(resolve));
    this.worker.ref();
    this.worker.postMessage({ ...message, chained });
    const result = this.finish(reply);
    this.last = result.catch(() => undefined);
    return result;
  }

  private async finish(reply: Promise<WorkerReply>): Promise<number[]> {
    try {
      const done = await reply;
      if (done.type === "error") {
        if (done.error.code === EARLIER_BATCH_FAILED) throw new EarlierBatchFailedError();
        throw new SqliteWorkerError(done.error.message, done.error.code);
      }
      return done.changes;
    } finally {
      if (this.waiting.length === 0) this.worker.unref();
    }
  }

  async close(): Promise<void> {
    await this.last;
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
