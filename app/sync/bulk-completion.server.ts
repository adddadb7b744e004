import { EventEmitter } from "node:events";
import db from "~/db.server";
import type { AdminClient } from "~/shopify/admin-client.server";
import { fetchBulkOperation, isFinishedStatus, type BulkOperationInfo } from "~/shopify/bulk.server";

/**
 * A bulk export finishes either when Shopify's `bulk_operations/finish` webhook arrives or when
 * polling `bulkOperation(id:)` sees a final status, whichever comes first. The webhook records
 * the news on the SyncRun row (so it survives a restart) and wakes any waiter in this process;
 * the waiter polls with backoff in between, so a lost webhook only costs latency.
 */
const finished = new EventEmitter();
finished.setMaxListeners(0);

export interface BulkFinishNotice {
  shop: string;
  bulkOperationId: string;
  /** Lower-case in the webhook ("completed", "failed", "canceled"). */
  status: string;
  errorCode: string | null;
}

/**
 * Records a finish notice on the run whose orders export it is, and wakes whoever waits for the
 * operation in this process (a run's catalog export has no row of its own). Returns that run.
 */
export async function recordBulkFinish(notice: BulkFinishNotice): Promise<{ id: string; status: string } | null> {
  const run = await db.syncRun.findFirst({
    where: { shop: notice.shop, bulkOperationId: notice.bulkOperationId },
    select: { id: true, status: true },
  });
  if (run) {
    await db.syncRun.update({
      where: { id: run.id },
      data: { bulkStatus: notice.status.toUpperCase(), bulkErrorCode: notice.errorCode ? notice.errorCode.toUpperCase() : null },
    });
  }
  finished.emit(notice.bulkOperationId);
  return run;
}

/**
 * Resolves after `delayMs`, or earlier when a finish notice for the operation arrives. Returns
 * true when woken by a notice.
 */
export function sleepUntilFinishNotice(bulkOperationId: string, delayMs: number, sleep?: (ms: number) => Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const onFinish = () => settle(true);
    const settle = (woken: boolean) => {
      if (settled) return;
      settled = true;
      finished.off(bulkOperationId, onFinish);
      resolve(woken);
    };
    finished.on(bulkOperationId, onFinish);
    if (sleep) void sleep(delayMs).then(() => settle(false));
    else setTimeout(() => settle(false), delayMs).unref();
  });
}

/** Poll delays: 1 s, 2 s, 4 s … capped, so a long export is checked about twice a minute. */
export function pollDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
}

export interface AwaitBulkOptions {
  sleep: (ms: number) => Promise<void>;
  pollBaseMs: number;
  pollMaxMs: number;
  /** Checked between polls (the run's lease). */
  assertStillOurs?: () => void;
}

/**
 * Waits for a bulk operation to reach a final status (COMPLETED, FAILED, CANCELED, EXPIRED) by
 * polling bulkOperation(id:) with backoff, woken early by a finish webhook. Null when Shopify no
 * longer knows the id.
 */
export async function awaitBulkOperation(client: AdminClient, id: string, options: AwaitBulkOptions): Promise<BulkOperationInfo | null> {
  for (let attempt = 0; ; attempt++) {
    options.assertStillOurs?.();
    const info = await fetchBulkOperation(client, id);
    if (!info || isFinishedStatus(info.status)) return info;
    await sleepUntilFinishNotice(id, pollDelayMs(attempt, options.pollBaseMs, options.pollMaxMs), options.sleep);
  }
}
