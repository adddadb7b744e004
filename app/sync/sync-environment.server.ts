import { getEnv } from "~/env.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { adminClientForShop, type AdminClient } from "~/shopify/admin-client.server";
import { materialiseShopMetrics } from "~/models/sku-metrics.server";

/**
 * Everything a sync run takes from the outside world, in one place so tests, the CLI and the
 * benchmark can substitute a clock, short poll intervals or crash points without any test-only
 * branch in the sync itself.
 */
export interface SyncEnvironment {
  now(): number;
  sleep(ms: number): Promise<void>;
  clientFor(shop: string): Promise<AdminClient>;
  /** fetch used to download bulk results. */
  fetch: typeof fetch;
  databaseUrl: string;
  logger: Logger;
  /** Bulk polling: first delay and cap (doubling in between). */
  pollBaseMs: number;
  pollMaxMs: number;
  /** How far before the last watermark an incremental sync starts reading (clock skew, equal timestamps). */
  overlapMs: number;
  /** Orders per write transaction, and orders held while their line items arrive. */
  batchOrders: number;
  pendingCapacity: number;
  /** Orders handed to the store at a time between two commits (default: applyOrdersExport's). */
  partOrders?: number;
  /** Synchronous observer of named points in a run (tests end the process at one). */
  checkpoint?: (name: string) => void;
  /** Runs after a run succeeded (the default re-materialises the shop's plan from the new sales). */
  afterSucceeded?: (shop: string) => Promise<unknown>;
}

export function defaultSyncEnvironment(overrides: Partial<SyncEnvironment> = {}): SyncEnvironment {
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    clientFor: (shop) => adminClientForShop(shop),
    fetch: (input, init) => fetch(input, init),
    afterSucceeded: (shop) => materialiseShopMetrics(shop),
    databaseUrl: getEnv().DATABASE_URL,
    logger: createLogger({ component: "sync" }),
    pollBaseMs: 1_000,
    pollMaxMs: 30_000,
    overlapMs: 60 * 60 * 1000,
    // Few enough orders held that most die young in V8's heap; large enough transactions that
    // commits stay a small share of the write time.
    batchOrders: 2_500,
    pendingCapacity: 2_000,
    ...overrides,
  };
}
