/**
 * Typed failures of the Admin API. Each carries whether retrying can help:
 * - terminal: the request cannot succeed as it is (app uninstalled, scope missing, bad document);
 * - transient: Shopify was busy or unreachable (5xx, THROTTLED, network), so a later retry may work.
 * Sync code decides what a merchant sees from the class, never from message text.
 */
export type ShopifyErrorKind = "terminal" | "transient";

export abstract class ShopifyApiError extends Error {
  abstract readonly kind: ShopifyErrorKind;
  /** Stable machine code, also stored on a failed SyncRun. */
  abstract readonly code: string;

  constructor(
    message: string,
    readonly shop: string,
    readonly operation: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** HTTP 401: the offline token is no longer valid, which after install means the app was uninstalled. */
export class ShopifyUninstalledError extends ShopifyApiError {
  readonly kind = "terminal";
  readonly code = "uninstalled";
}

/** ACCESS_DENIED (or HTTP 403): a scope the query needs is not granted. */
export class ShopifyAccessDeniedError extends ShopifyApiError {
  readonly kind = "terminal";
  readonly code = "access_denied";

  constructor(
    message: string,
    shop: string,
    operation: string | undefined,
    /** Shopify's wording of what access is required, when it said. */
    readonly requiredAccess: string | null = null,
  ) {
    super(message, shop, operation);
  }
}

/** The shop cannot be served at all right now: frozen, locked or not found (HTTP 402/404/423). */
export class ShopifyShopUnavailableError extends ShopifyApiError {
  readonly kind = "terminal";
  readonly code = "shop_unavailable";

  constructor(
    message: string,
    shop: string,
    operation: string | undefined,
    readonly status: number,
  ) {
    super(message, shop, operation);
  }
}

/** A GraphQL error that retrying will not fix: invalid document, MAX_COST_EXCEEDED, bad argument. */
export class ShopifyQueryError extends ShopifyApiError {
  readonly kind = "terminal";
  readonly code = "query_error";

  constructor(
    message: string,
    shop: string,
    operation: string | undefined,
    readonly errorCodes: readonly string[],
  ) {
    super(message, shop, operation);
  }
}

export interface UserErrorDetail {
  field: readonly string[] | null;
  message: string;
  code?: string | null;
}

/** A mutation answered with userErrors (e.g. bulkOperationRunQuery LIMIT_REACHED). */
export class ShopifyUserError extends ShopifyApiError {
  readonly code = "user_error";

  constructor(
    shop: string,
    operation: string,
    readonly userErrors: readonly UserErrorDetail[],
  ) {
    super(`${operation} failed: ${userErrors.map((e) => e.message).join("; ")}`, shop, operation);
  }

  /** LIMIT_REACHED / OPERATION_IN_PROGRESS clear up by themselves; INVALID does not. */
  get kind(): ShopifyErrorKind {
    return this.userErrors.every((e) => e.code === "LIMIT_REACHED" || e.code === "OPERATION_IN_PROGRESS")
      ? "transient"
      : "terminal";
  }
}

/** THROTTLED after the client's own waiting budget ran out. */
export class ShopifyThrottledError extends ShopifyApiError {
  readonly kind = "transient";
  readonly code = "throttled";
}

/** 5xx, 429 without a THROTTLED body, timeouts and network failures, after the client's retries. */
export class ShopifyUnavailableError extends ShopifyApiError {
  readonly kind = "transient";
  readonly code = "unavailable";

  constructor(
    message: string,
    shop: string,
    operation: string | undefined,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, shop, operation, options);
  }
}

/** A bulk operation's result file can no longer be downloaded (signed URL expired or revoked). */
export class BulkResultExpiredError extends ShopifyApiError {
  readonly kind = "transient";
  readonly code = "bulk_url_expired";

  constructor(
    shop: string,
    readonly status: number,
  ) {
    super(`The bulk operation's result URL answered HTTP ${status} (expired or revoked)`, shop, "bulk result download");
  }
}

/** True when retrying the same request later cannot succeed. */
export function isTerminal(error: unknown): boolean {
  return error instanceof ShopifyApiError && error.kind === "terminal";
}
