/**
 * Bulk query operations per shop: validation, the concurrency limit, the CREATED → RUNNING →
 * COMPLETED/FAILED/CANCELED life cycle (each state observable), the result files, and the
 * bulk_operations/finish webhook. Every run is tracked, never a detached promise, so `close()` can
 * stop and await them.
 */
import fs from "node:fs";
import path from "node:path";
import { dateTimeInZone, gid } from "../format";
import type { BulkErrorCode } from "../faults";
import type { EmulatorBehaviour } from "../options";
import type { ResolverTable, ResolveContext } from "../resolvers/types";
import type { AdminSchema } from "../schema";
import type { ShopState } from "../shop-state";
import type { WebhookSender } from "../webhooks";
import { exportBulkPlan } from "./export";
import { JsonlFileWriter } from "./jsonl-writer";
import { compileBulkPlan, UnsupportedFieldError, type BulkPlan } from "./plan";
import { ResultUrlSigner, type ResultKind } from "./result-files";
import { invalid, validateBulkQuery, type BulkUserError } from "./validate";

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED";

export interface BulkOperationRecord {
  id: number;
  shop: ShopState;
  type: "QUERY";
  status: BulkOperationStatus;
  errorCode: BulkErrorCode | null;
  query: string;
  groupObjects: boolean;
  createdAtMs: number;
  /** Set only when COMPLETED ("when the bulk operation was successfully completed"). */
  completedAtMs: number | null;
  /** Set on every terminal state; result URLs expire relative to it. */
  finishedAtMs: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  resultFile: string | null;
  partialFile: string | null;
  cancelRequested: boolean;
}

const ACTIVE: ReadonlySet<BulkOperationStatus> = new Set(["CREATED", "RUNNING", "CANCELING"]);
const TERMINAL: ReadonlySet<BulkOperationStatus> = new Set(["COMPLETED", "FAILED", "CANCELED"]);

/** ✅ [S] BulkOperationUserErrorCode texts. */
const LIMIT_MESSAGES = {
  LIMIT_REACHED: "Bulk operations limit reached. Please try again later.",
  OPERATION_IN_PROGRESS: "A bulk operation is already in progress.",
} as const;

export interface BulkServiceDeps {
  admin: AdminSchema;
  table: ResolverTable;
  behaviour: EmulatorBehaviour;
  now: () => number;
  bulkDir: string;
  origin: () => string;
  webhooks: WebhookSender | null;
  contextFor: (shop: ShopState) => ResolveContext;
  log: (line: string) => void;
}

export class BulkOperationService {
  private nextId = 4_000_000_001;
  private readonly operations = new Map<number, BulkOperationRecord>();
  private readonly runs = new Set<Promise<void>>();
  private readonly finishedWaiters = new Map<number, Array<() => void>>();
  readonly signer = new ResultUrlSigner();
  private closing = false;

  constructor(private readonly deps: BulkServiceDeps) {}

  runQuery(shop: ShopState, query: string, groupObjects: boolean): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const { behaviour } = this.deps;
    const checked = validateBulkQuery(this.deps.admin.schema, query, behaviour.bulk);
    if ("userErrors" in checked) return { bulkOperation: null, userErrors: checked.userErrors };
    let plan: BulkPlan;
    try {
      plan = compileBulkPlan(checked, this.deps.table, this.deps.admin.requiredAccess);
    } catch (error) {
      if (error instanceof UnsupportedFieldError) return { bulkOperation: null, userErrors: [invalid(error.message)] };
      throw error;
    }
    const active = this.list(shop).filter((op) => op.type === "QUERY" && ACTIVE.has(op.status)).length;
    if (active >= behaviour.bulk.concurrencyLimit) {
      const code = behaviour.bulk.limitErrorCode;
      return { bulkOperation: null, userErrors: [{ field: null, message: LIMIT_MESSAGES[code], code }] };
    }
    const record: BulkOperationRecord = {
      id: this.nextId++,
      shop,
      type: "QUERY",
      status: "CREATED",
      errorCode: null,
      query,
      groupObjects,
      createdAtMs: this.deps.now(),
      completedAtMs: null,
      finishedAtMs: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      resultFile: null,
      partialFile: null,
      cancelRequested: false,
    };
    this.operations.set(record.id, record);
    const run = this.lifecycle(record, plan).catch((error: unknown) => {
      this.deps.log(`bulk operation ${record.id} crashed: ${error instanceof Error ? error.stack : String(error)}`);
      this.finish(record, "FAILED", "INTERNAL_SERVER_ERROR");
    });
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    return { bulkOperation: record, userErrors: [] };
  }

  cancel(shop: ShopState, id: number): { bulkOperation: BulkOperationRecord | null; userErrors: Array<{ field: string[] | null; message: string }> } {
    const record = this.find(shop, id);
    if (!record) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (!ACTIVE.has(record.status) || record.status === "CANCELING") {
      // ❓ wording unverified
      return {
        bulkOperation: record,
        userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}` }],
      };
    }
    record.cancelRequested = true;
    record.status = "CANCELING";
    return { bulkOperation: record, userErrors: [] };
  }

  find(shop: ShopState, id: number): BulkOperationRecord | null {
    const record = this.operations.get(id);
    return record && record.shop === shop ? record : null;
  }

  list(shop: ShopState): BulkOperationRecord[] {
    return [...this.operations.values()].filter((op) => op.shop === shop);
  }

  /**
   * The reported status: once the results' 7 days are over (by the emulator's clock) a completed
   * operation reads EXPIRED ✅ [S] ("The bulk operation URL has expired"). The expired-URL fault
   * does not change the status: it models a URL that lapses between the poll and the download.
   */
  statusOf(record: BulkOperationRecord): BulkOperationStatus | "EXPIRED" {
    const lapsed = record.finishedAtMs !== null && this.deps.now() > record.finishedAtMs + this.deps.behaviour.bulk.resultTtlMs;
    return record.status === "COMPLETED" && lapsed ? "EXPIRED" : record.status;
  }

  url(record: BulkOperationRecord, kind: ResultKind): string | null {
    const file = kind === "result" ? record.resultFile : record.partialFile;
    if (!file || record.finishedAtMs === null) return null;
    const expiresAtMs = record.finishedAtMs + this.deps.behaviour.bulk.resultTtlMs;
    return this.signer.url(this.deps.origin(), record.shop.shopId, record.id, kind, expiresAtMs);
  }

  fileFor(operationId: number, shopId: number, kind: ResultKind): { record: BulkOperationRecord; file: string | null } | null {
    const record = this.operations.get(operationId);
    if (!record || record.shop.shopId !== shopId) return null;
    return { record, file: kind === "result" ? record.resultFile : record.partialFile };
  }

  /** Resolves once the operation reaches a terminal state. */
  waitFor(id: number): Promise<BulkOperationRecord> {
    const record = this.operations.get(id);
    if (!record) return Promise.reject(new Error(`No bulk operation ${id}`));
    if (TERMINAL.has(record.status)) return Promise.resolve(record);
    return new Promise((resolve) => {
      const waiters = this.finishedWaiters.get(id) ?? [];
      waiters.push(() => resolve(record));
      this.finishedWaiters.set(id, waiters);
    });
  }

  /** Forgets a shop's operations and deletes their files (the shop was replaced or removed). */
  forgetShop(shop: ShopState): void {
    for (const record of this.list(shop)) {
      record.cancelRequested = true;
      for (const file of [record.resultFile, record.partialFile]) if (file) fs.rmSync(file, { force: true });
      this.operations.delete(record.id);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const record of this.operations.values()) if (ACTIVE.has(record.status)) record.cancelRequested = true;
    await Promise.allSettled([...this.runs]);
  }

  private async lifecycle(record: BulkOperationRecord, plan: BulkPlan): Promise<void> {
    const { bulk } = this.deps.behaviour;
    await delay(bulk.startDelayMs);
    if (record.cancelRequested) return this.finish(record, "CANCELED", null);
    record.status = "RUNNING";
    const runningSince = Date.now();
    const holdMinimum = async () => delay(Math.max(0, bulk.minRunningMs - (Date.now() - runningSince)));

    const shop = record.shop;
    if ((await this.checkpoint(record)) === "stop") return this.finish(record, "CANCELED", null);

    const context = this.deps.contextFor(shop);
    const denied = plan.accessChecks.find((check) => !context.scopes.satisfies(check.requirement));
    if (denied) {
      await holdMinimum();
      return this.finish(record, "FAILED", "ACCESS_DENIED");
    }
    const failure = shop.faults.takeBulkFailure();

    const filePath = path.join(this.deps.bulkDir, `${shop.shopId}-${record.id}.jsonl`);
    const writer = new JsonlFileWriter(filePath);
    let result;
    try {
      result = await exportBulkPlan(plan.roots, context, writer, {
        groupObjects: record.groupObjects,
        interleaveBatchSize: bulk.interleaveBatchSize,
        rootsPerSlice: bulk.rootsPerSlice,
        stopAfterRoots: failure ? failure.afterRootObjects : undefined,
        checkpoint: () => this.checkpoint(record),
        onProgress: (objects, roots) => {
          record.objectCount = objects;
          record.rootObjectCount = roots;
        },
      });
    } catch (error) {
      await writer.abandon();
      fs.rmSync(filePath, { force: true });
      throw error;
    }
    if (result.stopped) {
      await writer.abandon();
      fs.rmSync(filePath, { force: true });
      return this.finish(record, "CANCELED", null);
    }
    const size = await writer.close();
    await holdMinimum();
    if ((await this.checkpoint(record)) === "stop") {
      fs.rmSync(filePath, { force: true });
      return this.finish(record, "CANCELED", null);
    }
    if (failure) {
      // Partial data of a failed operation ✅ [S]: a URL only when something was written.
      if (record.objectCount > 0) record.partialFile = filePath;
      else fs.rmSync(filePath, { force: true });
      return this.finish(record, "FAILED", failure.errorCode);
    }
    if (record.objectCount === 0 && bulk.emptyResultUrl === "null") {
      fs.rmSync(filePath, { force: true });
    } else {
      record.resultFile = filePath;
      record.fileSize = size;
    }
    return this.finish(record, "COMPLETED", null);
  }

  /** Between slices: stop on cancel or shutdown; wait while the stall fault is on. */
  private async checkpoint(record: BulkOperationRecord): Promise<"continue" | "stop"> {
    const faults = record.shop.faults;
    while (faults.current.stallBulkOperations && !record.cancelRequested && !this.closing) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 50);
        const unsubscribe = faults.onChange(done);
        function done() {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    }
    if (record.cancelRequested || this.closing) return "stop";
    await new Promise<void>((resolve) => setImmediate(resolve));
    return "continue";
  }

  private finish(record: BulkOperationRecord, status: "COMPLETED" | "FAILED" | "CANCELED", errorCode: BulkErrorCode | null): void {
    if (TERMINAL.has(record.status)) return;
    const nowMs = this.deps.now();
    record.status = status;
    record.errorCode = errorCode;
    record.finishedAtMs = nowMs;
    if (status === "COMPLETED") record.completedAtMs = nowMs;
    for (const wake of this.finishedWaiters.get(record.id) ?? []) wake();
    this.finishedWaiters.delete(record.id);
    if (!this.closing) this.notifyFinished(record);
  }

  /** bulk_operations/finish ✅ [CL-BULKWH]: completed, failed or cancelled; payload as in the docs' example. */
  private notifyFinished(record: BulkOperationRecord): void {
    const webhooks = this.deps.webhooks;
    if (!webhooks) return;
    const tz = record.shop.data.shop.ianaTimezone;
    const payload = {
      admin_graphql_api_id: gid("BulkOperation", record.id),
      completed_at: dateTimeInZone(record.finishedAtMs ?? this.deps.now(), tz),
      created_at: dateTimeInZone(record.createdAtMs, tz),
      error_code: record.errorCode === null ? null : record.errorCode.toLowerCase(),
      status: record.status.toLowerCase(),
      type: record.type.toLowerCase(),
    };
    void webhooks.send("bulk_operations/finish", record.shop.domain, this.deps.behaviour.webhooks.bulkFinishPath, payload);
  }
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
