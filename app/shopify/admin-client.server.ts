import { ClientError, GraphQLClient, type Variables } from "graphql-request";
import db from "~/db.server";
import { getEnv } from "~/env.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { ADMIN_GRAPHQL_PATH } from "./api-version";
import {
  ShopifyAccessDeniedError,
  ShopifyApiError,
  ShopifyQueryError,
  ShopifyShopUnavailableError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUninstalledError,
} from "./errors";
import { parseQueryCost, ThrottleTracker, type QueryCost } from "./throttle";

/**
 * The Admin API client for background work (sync runs, the CLI, the scheduler): graphql-request
 * with the shop's offline token, the one API version, throttle-aware waits and typed errors.
 * Request handlers that act for a merchant use the library's `admin.graphql` instead.
 */
export interface AdminClient {
  readonly shop: string;
  /** Runs one named operation and returns its `data`; throws a ShopifyApiError subclass on failure. */
  request<TData, TVariables extends Variables = Variables>(document: string, variables?: TVariables): Promise<TData>;
}

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  /** Where the Admin API lives; default SHOPIFY_ADMIN_ORIGIN, else https://{shop}. */
  origin?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Attempts for transient failures (5xx, network, timeouts), the first included. */
  maxAttempts?: number;
  /** First backoff after a transient failure; doubles per attempt up to 8 s. */
  retryBaseDelayMs?: number;
  /** Total time one request may spend waiting for the rate-limit bucket before giving up. */
  maxThrottleWaitMs?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  logger?: Logger;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const MAX_BACKOFF_MS = 8_000;

export function assertShopDomain(shop: string): void {
  if (!SHOP_DOMAIN.test(shop)) throw new Error(`"${shop}" is not a myshopify.com shop domain`);
}

/** The Admin GraphQL URL of a shop: the configured origin (emulator) or the shop's own host. */
export function adminGraphqlUrl(shop: string, origin?: string): string {
  assertShopDomain(shop);
  const base = origin ?? getEnv().SHOPIFY_ADMIN_ORIGIN ?? `https://${shop}`;
  return new URL(ADMIN_GRAPHQL_PATH, base).toString();
}

interface GraphqlErrorShape {
  message: string;
  code: string | null;
  requiredAccess: string | null;
}

function readErrors(errors: unknown): GraphqlErrorShape[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((raw): GraphqlErrorShape => {
    const error = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
    const extensions =
      typeof error.extensions === "object" && error.extensions !== null ? (error.extensions as Record<string, unknown>) : {};
    return {
      message: typeof error.message === "string" ? error.message : "Unknown GraphQL error",
      code: typeof extensions.code === "string" ? extensions.code : null,
      requiredAccess: typeof extensions.requiredAccess === "string" ? extensions.requiredAccess : null,
    };
  });
}

function operationNameOf(document: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document)?.[1] ?? "anonymous";
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const { shop, accessToken } = options;
  const url = adminGraphqlUrl(shop, options.origin);
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 4;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
  const maxThrottleWaitMs = options.maxThrottleWaitMs ?? 120_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const log = (options.logger ?? createLogger()).child({ shop });
  const throttle = new ThrottleTracker();
  const client = new GraphQLClient(url, {
    headers: { "X-Shopify-Access-Token": accessToken },
    fetch: options.fetch,
    // Keep errors next to data and extensions: THROTTLED bodies carry the bucket state we need.
    errorPolicy: "all",
  });

  async function request<TData, TVariables extends Variables = Variables>(
    document: string,
    variables?: TVariables,
  ): Promise<TData> {
    const operation = operationNameOf(document);
    let transientFailures = 0;
    let throttledWaitMs = 0;
    for (;;) {
      const upfront = throttle.delayBeforeMs(operation, now());
      if (upfront > 0) {
        if (throttledWaitMs + upfront > maxThrottleWaitMs) {
          throw new ShopifyThrottledError(`Rate limit: ${operation} would wait over ${maxThrottleWaitMs} ms`, shop, operation);
        }
        log.debug("waiting for the rate-limit bucket", { operation, waitMs: upfront });
        throttledWaitMs += upfront;
        await sleep(upfront);
      }

      let outcome: Outcome<TData>;
      try {
        const response = await client.rawRequest<TData>({
          query: document,
          variables: variables as Variables,
          signal: AbortSignal.timeout(timeoutMs),
        });
        outcome = classify<TData>(response.data, response.errors, response.extensions, null);
      } catch (error) {
        outcome = classifyThrown(error);
      }

      if (outcome.cost) throttle.observe(operation, outcome.cost, now());
      switch (outcome.type) {
        case "ok":
          return outcome.data;
        case "throttled": {
          const waitMs = throttle.delayAfterThrottleMs(outcome.cost, 1_000);
          if (throttledWaitMs + waitMs > maxThrottleWaitMs) {
            throw new ShopifyThrottledError(`Rate limit: ${operation} still THROTTLED after ${throttledWaitMs} ms of waiting`, shop, operation);
          }
          log.debug("THROTTLED; waiting", { operation, waitMs });
          throttledWaitMs += waitMs;
          await sleep(waitMs);
          continue;
        }
        case "transient": {
          transientFailures += 1;
          if (transientFailures >= maxAttempts) {
            throw new ShopifyUnavailableError(
              `${operation} failed ${transientFailures} times: ${outcome.message}`,
              shop,
              operation,
              outcome.status,
              { cause: outcome.cause },
            );
          }
          const waitMs = Math.min(MAX_BACKOFF_MS, retryBaseDelayMs * 2 ** (transientFailures - 1));
          log.warn("transient Admin API failure; retrying", { operation, status: outcome.status, attempt: transientFailures, waitMs });
          await sleep(waitMs);
          continue;
        }
        case "terminal":
          throw outcome.error(shop, operation);
      }
    }
  }

  return { shop, request };
}

type Outcome<TData> =
  | { type: "ok"; data: TData; cost: QueryCost | null }
  | { type: "throttled"; cost: QueryCost | null }
  | { type: "transient"; message: string; status: number | null; cost: QueryCost | null; cause?: unknown }
  | { type: "terminal"; cost: QueryCost | null; error: (shop: string, operation: string) => ShopifyApiError };

function classify<TData>(data: TData | undefined | null, rawErrors: unknown, extensions: unknown, status: number | null): Outcome<TData> {
  const cost = parseQueryCost(extensions);
  const errors = readErrors(rawErrors);
  if (errors.length === 0) {
    if (data === undefined || data === null) {
      return { type: "transient", message: "response had neither data nor errors", status, cost };
    }
    return { type: "ok", data, cost };
  }
  if (errors.some((e) => e.code === "THROTTLED")) return { type: "throttled", cost };
  const denied = errors.find((e) => e.code === "ACCESS_DENIED");
  if (denied) {
    return {
      type: "terminal",
      cost,
      error: (shop, operation) => new ShopifyAccessDeniedError(denied.message, shop, operation, denied.requiredAccess),
    };
  }
  if (errors.some((e) => e.code === "INTERNAL_SERVER_ERROR" || e.code === "SERVICE_UNAVAILABLE")) {
    return { type: "transient", message: errors.map((e) => e.message).join("; "), status, cost };
  }
  const message = errors.map((e) => e.message).join("; ");
  const codes = errors.map((e) => e.code ?? "UNKNOWN");
  return { type: "terminal", cost, error: (shop, operation) => new ShopifyQueryError(message, shop, operation, codes) };
}

function classifyThrown<TData>(error: unknown): Outcome<TData> {
  if (error instanceof ClientError) {
    const status = error.response.status;
    const cost = parseQueryCost(error.response.extensions);
    const errors = readErrors(error.response.errors);
    if (errors.some((e) => e.code === "THROTTLED")) return { type: "throttled", cost };
    if (status === 401) {
      return {
        type: "terminal",
        cost,
        error: (shop, operation) =>
          new ShopifyUninstalledError("Shopify answered 401: the offline token is no longer valid (app uninstalled?)", shop, operation),
      };
    }
    if (status === 403) {
      return {
        type: "terminal",
        cost,
        error: (shop, operation) => new ShopifyAccessDeniedError(`Shopify answered 403 to ${operation}`, shop, operation),
      };
    }
    if (status === 402 || status === 404 || status === 423) {
      return {
        type: "terminal",
        cost,
        error: (shop, operation) => new ShopifyShopUnavailableError(`Shopify answered ${status}: the shop cannot be served`, shop, operation, status),
      };
    }
    if (status === 429 || status >= 500) return { type: "transient", message: `HTTP ${status}`, status, cost, cause: error };
    return {
      type: "terminal",
      cost,
      error: (shop, operation) => new ShopifyQueryError(`Shopify answered HTTP ${status}`, shop, operation, [`HTTP_${status}`]),
    };
  }
  // fetch rejects with TypeError on network failures and with an AbortError/TimeoutError on timeouts;
  // a body that is not JSON (a proxy's HTML error page) surfaces as a parse error. All are worth a retry.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { type: "transient", message, status: null, cost: null, cause: error };
}

/** The offline session's access token of a shop, or null when Backstop has none (never installed, or purged). */
export async function getOfflineAccessToken(shop: string): Promise<string | null> {
  const session = await db.session.findUnique({ where: { id: `offline_${shop}` }, select: { accessToken: true } });
  return session?.accessToken || null;
}

/** The background Admin client of a shop, from its offline session. Throws when there is none. */
export async function adminClientForShop(shop: string, overrides: Partial<AdminClientOptions> = {}): Promise<AdminClient> {
  const accessToken = await getOfflineAccessToken(shop);
  if (!accessToken) {
    throw new ShopifyUninstalledError(`No offline session for ${shop}: the app is not installed there`, shop, undefined);
  }
  return createAdminClient({ shop, accessToken, ...overrides });
}
