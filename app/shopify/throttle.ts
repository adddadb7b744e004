/**
 * Shopify's GraphQL rate limit is a leaky bucket per app and shop: every response reports the
 * bucket in `extensions.cost.throttleStatus`, and a query is refused (THROTTLED) when its
 * requested cost exceeds the points currently available. These helpers turn those reports into
 * waits, so the client sleeps just long enough instead of hammering a throttled shop.
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Reads `extensions.cost`; null when the response carries none (or a malformed one). */
export function parseQueryCost(extensions: unknown): QueryCost | null {
  if (!isRecord(extensions) || !isRecord(extensions.cost)) return null;
  const cost = extensions.cost;
  const status = cost.throttleStatus;
  if (!isRecord(status)) return null;
  const maximumAvailable = finiteOrNull(status.maximumAvailable);
  const currentlyAvailable = finiteOrNull(status.currentlyAvailable);
  const restoreRate = finiteOrNull(status.restoreRate);
  if (maximumAvailable === null || currentlyAvailable === null || restoreRate === null || restoreRate <= 0) return null;
  return {
    requestedQueryCost: finiteOrNull(cost.requestedQueryCost),
    actualQueryCost: finiteOrNull(cost.actualQueryCost),
    throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate },
  };
}

/**
 * Milliseconds until `costPoints` are available, given a bucket observed `elapsedMs` ago.
 * A cost above the bucket's size can never be met; it is capped at the full bucket (Shopify then
 * answers MAX_COST_EXCEEDED, a terminal error, rather than waiting forever).
 */
export function waitMsForCost(costPoints: number, status: ThrottleStatus, elapsedMs: number): number {
  const needed = Math.min(costPoints, status.maximumAvailable);
  const availableNow = Math.min(status.maximumAvailable, status.currentlyAvailable + (status.restoreRate * Math.max(0, elapsedMs)) / 1000);
  if (availableNow >= needed) return 0;
  return Math.ceil(((needed - availableNow) / status.restoreRate) * 1000);
}

/**
 * Remembers the last bucket report and what each operation asked for, so the next request of an
 * operation waits up front when the bucket cannot pay for it (no THROTTLED round trip needed).
 */
export class ThrottleTracker {
  private lastStatus: ThrottleStatus | null = null;
  private lastSeenAtMs = 0;
  private readonly requestedByOperation = new Map<string, number>();

  observe(operation: string, cost: QueryCost, atMs: number): void {
    this.lastStatus = cost.throttleStatus;
    this.lastSeenAtMs = atMs;
    if (cost.requestedQueryCost !== null) this.requestedByOperation.set(operation, cost.requestedQueryCost);
  }

  /** Wait before sending `operation` now (0 when unknown or affordable). */
  delayBeforeMs(operation: string, nowMs: number): number {
    const requested = this.requestedByOperation.get(operation);
    if (this.lastStatus === null || requested === undefined) return 0;
    return waitMsForCost(requested, this.lastStatus, nowMs - this.lastSeenAtMs);
  }

  /** Wait after a THROTTLED answer whose extensions said what the query needs. */
  delayAfterThrottleMs(cost: QueryCost | null, fallbackMs: number): number {
    if (cost === null || cost.requestedQueryCost === null) return fallbackMs;
    // One extra point of slack: the bucket's own clock and ours are not the same clock.
    return Math.max(waitMsForCost(cost.requestedQueryCost + 1, cost.throttleStatus, 0), 50);
  }
}
