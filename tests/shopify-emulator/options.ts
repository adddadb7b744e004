/**
 * Everything about the emulator that is configurable. Each ❓ fact of
 * ../../../shared/notes/shopify-admin-facts.md (unverified platform behaviour) is a setting here, with
 * the most likely behaviour as the default, so the app can be tested against every variant.
 */

export interface RateLimitSettings {
  /** Bucket size in cost points (Standard plan: 2000 ⚠️ observed; Plus: 20000). */
  maximumAvailable: number;
  /** Points restored per second (Standard: 100 ✅ [RL]). */
  restoreRate: number;
  /** A single query above this cost fails with MAX_COST_EXCEEDED ⚠️ (1000). */
  maxQueryCost: number;
  /** THROTTLED answers with HTTP 200 (most reports ⚠️) or 429 (one report). */
  throttledHttpStatus: 200 | 429;
}

export interface BulkSettings {
  /** Concurrent bulk *query* operations per shop (2026-01+: 5 ✅ [BULK]). */
  concurrencyLimit: number;
  /** ❓ user error code for one too many: LIMIT_REACHED (likely) or OPERATION_IN_PROGRESS (pre-2026-01). */
  limitErrorCode: "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";
  /** ❓ `url` of a COMPLETED operation that matched nothing: null (commonly reported) or an empty file. */
  emptyResultUrl: "null" | "emptyFile";
  /** At most this many connections in one bulk query ✅ [BOQ]. */
  maxConnections: number;
  /** ❓ Nesting depth counted with the root connection as level 1 ("maximum nesting depth of two levels"). */
  maxConnectionDepth: number;
  /**
   * ❓ A connection inside a plain list (Order.refunds → refundLineItems): "reject" with a user error
   * (⚠️ estuary/connectors #4650 reports Shopify rejects it) or "rows" (emit its nodes as lines whose
   * __parentId is the list element's id).
   */
  connectionInList: "reject" | "rows";
  /**
   * Without groupObjects, children come after their parent but not directly after ✅ [RUBY729]: the
   * emulator writes this many parents, then all of their children, then the next batch.
   */
  interleaveBatchSize: number;
  /** Time spent in CREATED before RUNNING (ms), so the status is observable. */
  startDelayMs: number;
  /** Minimum time spent in RUNNING (ms), so the status is observable even for tiny stores. */
  minRunningMs: number;
  /** Root objects produced between two yields to the event loop (keeps the server responsive). */
  rootsPerSlice: number;
  /** Result and partial-data URLs expire this long after the operation finishes (7 days ✅ [S]). */
  resultTtlMs: number;
  /** HTTP status of an expired result URL (signed storage URLs answer 400/403 ⚠️). */
  expiredUrlStatus: number;
}

export interface SearchSettings {
  /**
   * ❓ How Shopify compares equal timestamps: with `false`, `updated_at:>X` excludes an order updated
   * exactly at X (strict); with `true` it includes it.
   */
  strictComparisonsInclusive: boolean;
}

export interface OrderAccessSettings {
  /** Orders older than this are invisible without `read_all_orders` ✅ [S]. */
  windowDays: number;
  /** ❓ Which timestamp the window is measured on. */
  cutoffField: "createdAt" | "processedAt";
}

export interface WebhookSettings {
  /** Path under appUrl that receives bulk_operations/finish. */
  bulkFinishPath: string;
  /** Path under appUrl that receives app/uninstalled (sent when a shop is uninstalled with notify). */
  appUninstalledPath: string;
  /** Delivery attempts in total (Shopify: 1 + 8 retries over 4 h ✅ [CL-RETRY]; bounded and fast here). */
  attempts: number;
  /** Backoff before retry n is initialDelayMs × 2^(n-1). */
  initialDelayMs: number;
  /** A delivery that takes longer than this counts as failed (5 s ⚠️ [DEVTO]). */
  timeoutMs: number;
}

export interface EmulatorBehaviour {
  rateLimit: RateLimitSettings;
  bulk: BulkSettings;
  search: SearchSettings;
  orders: OrderAccessSettings;
  webhooks: WebhookSettings;
}

export const DEFAULT_BEHAVIOUR: EmulatorBehaviour = {
  rateLimit: { maximumAvailable: 2000, restoreRate: 100, maxQueryCost: 1000, throttledHttpStatus: 200 },
  bulk: {
    concurrencyLimit: 5,
    limitErrorCode: "LIMIT_REACHED",
    emptyResultUrl: "null",
    maxConnections: 5,
    maxConnectionDepth: 2,
    connectionInList: "reject",
    interleaveBatchSize: 50,
    startDelayMs: 25,
    minRunningMs: 50,
    rootsPerSlice: 2000,
    resultTtlMs: 7 * 24 * 3600 * 1000,
    expiredUrlStatus: 403,
  },
  search: { strictComparisonsInclusive: false },
  orders: { windowDays: 60, cutoffField: "createdAt" },
  webhooks: {
    bulkFinishPath: "/webhooks/bulk_operations/finish",
    appUninstalledPath: "/webhooks/app/uninstalled",
    attempts: 4,
    initialDelayMs: 200,
    timeoutMs: 5000,
  },
};

export type BehaviourOverrides = { [K in keyof EmulatorBehaviour]?: Partial<EmulatorBehaviour[K]> };

export function resolveBehaviour(overrides: BehaviourOverrides = {}): EmulatorBehaviour {
  return {
    rateLimit: { ...DEFAULT_BEHAVIOUR.rateLimit, ...overrides.rateLimit },
    bulk: { ...DEFAULT_BEHAVIOUR.bulk, ...overrides.bulk },
    search: { ...DEFAULT_BEHAVIOUR.search, ...overrides.search },
    orders: { ...DEFAULT_BEHAVIOUR.orders, ...overrides.orders },
    webhooks: { ...DEFAULT_BEHAVIOUR.webhooks, ...overrides.webhooks },
  };
}
