import { streamBulkResultLines } from "~/shopify/bulk.server";
import { DigestPrefixSet } from "./compact-collections";
import { DailySalesAggregator } from "./daily-sales-aggregator";
import { OrderAssembler, type OrderContext } from "./order-assembler";
import type { SalesOrderRecord } from "./sales-order";
import type { SalesStore } from "./sales-store.server";

/**
 * Streams an orders export from its URL into SalesOrder rows: lines are parsed one by one,
 * assembled into orders (bounded memory), and written in batches. Each batch commits together
 * with the run's resume cursor, so a process killed at any point restarts from the last commit
 * and replays nothing twice that matters (writes are idempotent: whole orders are replaced,
 * late lines merged by id).
 */
export interface ApplyExportOptions {
  store: SalesStore;
  shop: string;
  runId: string;
  url: string;
  context: OrderContext;
  /** Record stale DailySales keys (incremental) or not (backfill: everything is rebuilt). */
  trackDirty: boolean;
  /** Lines already applied by an earlier attempt of this run. */
  skipLines: number;
  /** Shopify's objectCount of the export, for progress. */
  objectCount: number;
  /** Counters carried over from an earlier attempt. */
  rowsWrittenBefore: number;
  /** Orders per write transaction. */
  batchOrders?: number;
  /** Orders handed to the store at a time between two commits (see stageOrders). */
  partOrders?: number;
  /** Orders held while waiting for their line items (see OrderAssembler). */
  pendingCapacity?: number;
  fetch?: typeof fetch;
  /** Progress range of this phase within the run's 0–100. */
  progressFrom: number;
  progressTo: number;
  /** Called synchronously at named points (tests kill the process there). */
  checkpoint?: (name: string) => void;
  /**
   * Also sum DailySales while streaming (a first backfill into an empty shop, read from the
   * start), so the rebuild need not read every order back. See StreamingRollup.
   */
  streamRollup?: boolean;
}

export interface ApplyExportResult {
  linesRead: number;
  ordersWritten: number;
  rowsWritten: number;
  /** The streamed totals, when they are known to equal a rebuild from SalesOrder; else null. */
  rollup: DailySalesAggregator | null;
}

/**
 * DailySales summed while the export streams in. Equal to the rebuild from SalesOrder only when
 * every order arrives complete (no late lines) and the export is ordered by (processedAt, id), so
 * the first counted order of each customer is the first one seen: then "repeat" is "customer seen
 * before". Any departure invalidates it and the rebuild reads the orders back instead.
 */
class StreamingRollup {
  readonly aggregator = new DailySalesAggregator();
  private readonly customersSeen = new DigestPrefixSet();
  private lastProcessedAtMs = Number.NEGATIVE_INFINITY;
  private lastOrderId = 0;
  valid = true;

  add(orders: readonly SalesOrderRecord[], lateLines: number): void {
    if (!this.valid) return;
    if (lateLines > 0) {
      this.valid = false;
      return;
    }
    for (const order of orders) {
      const inOrder = order.processedAtMs > this.lastProcessedAtMs || (order.processedAtMs === this.lastProcessedAtMs && order.orderId > this.lastOrderId);
      if (!inOrder) {
        this.valid = false;
        return;
      }
      this.lastProcessedAtMs = order.processedAtMs;
      this.lastOrderId = order.orderId;
      if (!order.isCounted) continue;
      // add() is false when the customer was seen before: this order is not their first.
      const isRepeat = order.customerHash !== null && !this.customersSeen.add(order.customerHash);
      this.aggregator.addOrder(order.orderId, order.day, isRepeat, order.lines);
    }
  }
}

/**
 * A few hundred: orders released by the assembler wait for this many before their rows go to the
 * store, and the fewer wait, the fewer outlive V8's young generation (docs/benchmarks.md,
 * session 6: ~10 MB less peak RSS than holding whole batches of 2,500).
 */
const PART_ORDERS = 250;

/**
 * Two: the main thread stages the next batch while the writer commits the last two, so a commit
 * that runs long (the writer thread descheduled, a WAL checkpoint) no longer stops the parsing.
 * With one, the benchmark's main thread waited 0.8–1.2 s per backfill for commits; with two,
 * 0.2–0.6 s (docs/benchmarks.md). The writer holds at most this many batches' rows.
 */
const COMMITS_IN_FLIGHT = 2;

export async function applyOrdersExport(options: ApplyExportOptions): Promise<ApplyExportResult> {
  const { store, shop, runId, trackDirty } = options;
  const batchOrders = options.batchOrders ?? 2_000;
  const assembler = new OrderAssembler(options.context, { capacity: options.pendingCapacity ?? 5_000 });
  let lineIndex = 0;
  let rowsWritten = options.rowsWrittenBefore;
  let ordersWritten = 0;
  let batches = 0;
  const streaming = options.streamRollup && options.skipLines === 0 ? new StreamingRollup() : null;

  const progressAt = (index: number) => {
    const share = options.objectCount > 0 ? Math.min(1, index / options.objectCount) : 0;
    return options.progressFrom + (options.progressTo - options.progressFrom) * share;
  };

  // Up to COMMITS_IN_FLIGHT batches may be committing (each in its own transaction, see
  // SalesStore.commitStagedOrders) while the next is parsed. The connection runs them in the order
  // sent and drops any queued behind a failed one (SqlConnection.writeBatch), so batches commit in
  // export order and the resume cursor only ever moves forward.
  const inFlight: Promise<void>[] = [];
  let writeFailure: { error: unknown } | null = null;
  const settleWrites = async (keep: number): Promise<void> => {
    while (inFlight.length > keep) await inFlight.shift();
    if (writeFailure) throw writeFailure.error;
  };
  const settleWrite = () => settleWrites(0);
  const committed = (orderCount: number) => {
    ordersWritten += orderCount;
    batches += 1;
    options.checkpoint?.(`orders:batch-committed:${batches}`);
  };

  // Without stale keys to track and while no line has come late, released orders are handed to
  // the store every `partOrders` (stageOrders) and committed every `batchOrders`. `stagedCursor`
  // is where a resumed run would start once the staged orders are committed.
  const partOrders = Math.max(1, Math.min(batchOrders, options.partOrders ?? PART_ORDERS));
  let staged = 0;
  let stagedCursor = { linesApplied: options.skipLines, progressPct: progressAt(options.skipLines) };
  const canStage = () => !trackDirty && assembler.lateCount === 0;

  const stageReady = async (): Promise<void> => {
    const { orders, lateLines } = assembler.take();
    streaming?.add(orders, lateLines.length);
    await store.stageOrders(shop, orders, settleWrite);
    staged += orders.length;
    stagedCursor = { linesApplied: assembler.resumeLineIndex(lineIndex), progressPct: progressAt(lineIndex) };
  };

  const commitStaged = async (): Promise<void> => {
    await settleWrites(COMMITS_IN_FLIGHT - 1);
    const orderCount = staged;
    staged = 0;
    rowsWritten += orderCount;
    const progress = { ...stagedCursor, rowsWritten };
    // The batch's transaction runs on its own and commits whole or not at all: this is the last
    // point before it (the lease check; tests end the process here).
    options.checkpoint?.("orders:batch-written");
    inFlight.push(
      store
        .commitStagedOrders({ runId, progress })
        .then(() => committed(orderCount))
        // Kept for the next settleWrites: a rejection nobody awaits yet must not go unhandled.
        // The first failure is the one to report (those queued behind it fail because of it).
        .catch((error: unknown) => {
          writeFailure ??= { error };
        }),
    );
  };

  // Stale keys to track or late lines to merge: old rows are read and written in one transaction
  // on this thread, after whatever was staged (late lines may belong to those orders).
  const flushWithReads = async (): Promise<void> => {
    if (staged > 0) await commitStaged();
    const { orders, lateLines } = assembler.take();
    streaming?.add(orders, lateLines.length);
    const resumeAt = assembler.resumeLineIndex(lineIndex);
    const progressPct = progressAt(lineIndex);
    await settleWrite();
    await store.write(async (tx) => {
      rowsWritten += await tx.upsertOrders(shop, orders, trackDirty);
      rowsWritten += await tx.mergeLateLines(shop, lateLines, trackDirty);
      options.checkpoint?.("orders:batch-written");
      await tx.setRunProgress(runId, { linesApplied: resumeAt, rowsWritten, progressPct });
    });
    committed(orders.length);
  };

  let finished = false;
  try {
    for await (const lines of streamBulkResultLines(shop, options.url, { fetch: options.fetch })) {
      for (const line of lines) {
        const index = lineIndex;
        lineIndex += 1;
        if (index < options.skipLines) continue;
        assembler.pushJson(line, index);
      }
      if (canStage()) {
        if (assembler.readyCount >= partOrders) await stageReady();
        if (staged >= batchOrders) await commitStaged();
      } else if (assembler.readyCount >= batchOrders || assembler.lateCount >= batchOrders) {
        await flushWithReads();
      }
    }
    assembler.finish();
    if (canStage()) {
      await stageReady();
      await commitStaged();
    } else {
      await flushWithReads();
    }
    await settleWrite();
    finished = true;
  } finally {
    // Leaving early (a broken download, a bad line): the batches in flight end before the caller
    // reads the resume cursor. They cannot reject (failures are kept in writeFailure). What was
    // staged after them is dropped: a retry re-reads those orders from the cursor.
    for (const write of inFlight.splice(0)) await write;
    if (!finished) store.discardStagedOrders();
  }
  return { linesRead: lineIndex, ordersWritten, rowsWritten, rollup: streaming?.valid ? streaming.aggregator : null };
}
