/**
 * Faults a test (or the demo) can switch on per shop at runtime, through the in-process handle or the
 * HTTP control endpoint. Each mirrors a failure the platform documents or that apps see in practice.
 */

export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface FaultSettings {
  /** The next `count` requests answer with HTTP `status` (default 503) instead of being served. */
  serverErrors?: { count: number; status?: number; target?: "graphql" | "download" | "all" };
  /** Extra latency before every GraphQL response and result download (ms). */
  latencyMs?: number;
  /**
   * Bulk operations started from now on end FAILED with this error code, after writing
   * `afterRootObjects` root objects (default 0) to the partial-data file. `count` limits how many
   * operations fail (default: all until cleared).
   */
  bulkFailure?: { errorCode: BulkErrorCode; afterRootObjects?: number; count?: number };
  /** Scopes taken away from the token: fields needing them answer ACCESS_DENIED. */
  revokedScopes?: string[];
  /** Result and partial-data URLs answer like expired signed URLs. */
  expiredResultUrls?: boolean;
  /** The app was uninstalled: its token is revoked and every request gets 401. */
  uninstalled?: boolean;
  /** Bulk operations stay RUNNING (a long export) until this is cleared. */
  stallBulkOperations?: boolean;
}

/**
 * A one-shot action rather than a standing fault: sets the shop's bucket to `currentlyAvailable`
 * points so the next expensive request is THROTTLED by the real bucket logic.
 */
export interface ThrottleAction {
  currentlyAvailable: number;
  maximumAvailable?: number;
  restoreRate?: number;
}

export class FaultState {
  current: FaultSettings = {};
  private listeners = new Set<() => void>();

  set(faults: FaultSettings): void {
    this.current = { ...this.current, ...faults };
    for (const listener of this.listeners) listener();
  }

  clear(): void {
    this.current = {};
    for (const listener of this.listeners) listener();
  }

  /** Notified on every change (stalled bulk operations resume when the stall is cleared). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Consumes one injected server error for this kind of request, if any is pending. */
  takeServerError(kind: "graphql" | "download"): number | null {
    const fault = this.current.serverErrors;
    if (!fault || fault.count <= 0) return null;
    const target = fault.target ?? "graphql";
    if (target !== "all" && target !== kind) return null;
    const remaining = fault.count - 1;
    this.current = {
      ...this.current,
      serverErrors: remaining > 0 ? { ...fault, count: remaining } : undefined,
    };
    return fault.status ?? 503;
  }

  /** Consumes one injected bulk failure, if any applies. */
  takeBulkFailure(): { errorCode: BulkErrorCode; afterRootObjects: number } | null {
    const fault = this.current.bulkFailure;
    if (!fault) return null;
    if (fault.count !== undefined) {
      const remaining = fault.count - 1;
      this.current = { ...this.current, bulkFailure: remaining > 0 ? { ...fault, count: remaining } : undefined };
    }
    return { errorCode: fault.errorCode, afterRootObjects: fault.afterRootObjects ?? 0 };
  }
}

const BULK_ERROR_CODES: readonly BulkErrorCode[] = ["ACCESS_DENIED", "INTERNAL_SERVER_ERROR", "TIMEOUT"];

/** Validates fault settings that arrive as JSON (control endpoint); throws with the reason. */
export function parseFaultSettings(input: unknown): FaultSettings {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new Error("faults must be an object");
  }
  const raw = input as Record<string, unknown>;
  const known = new Set([
    "serverErrors",
    "latencyMs",
    "bulkFailure",
    "revokedScopes",
    "expiredResultUrls",
    "uninstalled",
    "stallBulkOperations",
  ]);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw new Error(`unknown fault "${key}"`);
  const faults: FaultSettings = {};
  if (raw.serverErrors !== undefined) {
    const s = raw.serverErrors as Record<string, unknown>;
    if (typeof s !== "object" || s === null || !isNonNegativeInteger(s.count)) {
      throw new Error("serverErrors.count must be a non-negative integer");
    }
    if (s.status !== undefined && (!Number.isInteger(s.status) || (s.status as number) < 500 || (s.status as number) > 599)) {
      throw new Error("serverErrors.status must be a 5xx status");
    }
    if (s.target !== undefined && s.target !== "graphql" && s.target !== "download" && s.target !== "all") {
      throw new Error('serverErrors.target must be "graphql", "download" or "all"');
    }
    faults.serverErrors = {
      count: s.count as number,
      status: s.status as number | undefined,
      target: s.target as "graphql" | "download" | "all" | undefined,
    };
  }
  if (raw.latencyMs !== undefined) {
    if (!isNonNegativeInteger(raw.latencyMs)) throw new Error("latencyMs must be a non-negative integer");
    faults.latencyMs = raw.latencyMs;
  }
  if (raw.bulkFailure !== undefined) {
    const b = raw.bulkFailure as Record<string, unknown>;
    if (typeof b !== "object" || b === null || !BULK_ERROR_CODES.includes(b.errorCode as BulkErrorCode)) {
      throw new Error(`bulkFailure.errorCode must be one of ${BULK_ERROR_CODES.join(", ")}`);
    }
    if (b.afterRootObjects !== undefined && !isNonNegativeInteger(b.afterRootObjects)) {
      throw new Error("bulkFailure.afterRootObjects must be a non-negative integer");
    }
    if (b.count !== undefined && !isNonNegativeInteger(b.count)) throw new Error("bulkFailure.count must be a non-negative integer");
    faults.bulkFailure = {
      errorCode: b.errorCode as BulkErrorCode,
      afterRootObjects: b.afterRootObjects as number | undefined,
      count: b.count as number | undefined,
    };
  }
  if (raw.revokedScopes !== undefined) {
    if (!Array.isArray(raw.revokedScopes) || !raw.revokedScopes.every((s) => typeof s === "string")) {
      throw new Error("revokedScopes must be a list of scope names");
    }
    faults.revokedScopes = raw.revokedScopes as string[];
  }
  for (const flag of ["expiredResultUrls", "uninstalled", "stallBulkOperations"] as const) {
    if (raw[flag] !== undefined) {
      if (typeof raw[flag] !== "boolean") throw new Error(`${flag} must be true or false`);
      faults[flag] = raw[flag] as boolean;
    }
  }
  return faults;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}
