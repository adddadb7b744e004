import {
  BulkResultExpiredError,
  ShopifyAccessDeniedError,
  ShopifyApiError,
  ShopifyShopUnavailableError,
  ShopifyUninstalledError,
  ShopifyUserError,
} from "~/shopify/errors";
import { BulkFormatError } from "./order-assembler";
import { OrphanLineError } from "./sales-store.server";

/**
 * What a failed run tells the merchant: a stable code (for the UI and support) and a sentence
 * saying what happened and what to do. Documented in docs/sync.md.
 */
export interface RunFailure {
  code: string;
  message: string;
  /** Logged as an error (our problem) rather than info/warn (Shopify's state or the merchant's). */
  isOurs: boolean;
}

/** The bulk export itself ended FAILED, CANCELED or EXPIRED on Shopify's side. */
export class BulkExportFailedError extends Error {
  constructor(
    readonly status: string,
    readonly errorCode: string | null,
  ) {
    super(`Shopify's orders export ended ${status}${errorCode ? ` (${errorCode})` : ""}`);
    this.name = "BulkExportFailedError";
  }
}

/** Another process took over the shop's lease (this one stalled past the lease's expiry). */
export class LeaseLostError extends Error {
  constructor(readonly shop: string) {
    super(`The sync lease of ${shop} was taken over by another runner`);
    this.name = "LeaseLostError";
  }
}

export function describeFailure(error: unknown): RunFailure {
  if (error instanceof ShopifyUninstalledError) {
    return {
      code: "uninstalled",
      message: "Shopify no longer accepts Backstop's access for this shop (the app was uninstalled). Daily syncs have stopped; reinstall Backstop to resume them.",
      isOurs: false,
    };
  }
  if (error instanceof ShopifyAccessDeniedError || (error instanceof BulkExportFailedError && error.errorCode === "ACCESS_DENIED")) {
    const needed = error instanceof ShopifyAccessDeniedError && error.requiredAccess ? ` (${error.requiredAccess})` : "";
    return {
      code: "access_denied",
      message: `Shopify refused Backstop access to data it needs${needed}. Open Backstop from your Shopify admin and approve the requested permissions, then press Sync now.`,
      isOurs: false,
    };
  }
  if (error instanceof ShopifyShopUnavailableError) {
    return {
      code: "shop_unavailable",
      message: `Shopify cannot serve this shop right now (HTTP ${error.status}: frozen, locked or closed). Backstop will try again at the next scheduled sync.`,
      isOurs: false,
    };
  }
  if (error instanceof BulkExportFailedError) {
    return {
      code: "bulk_failed",
      message: `Shopify could not finish exporting your orders (${error.errorCode ?? error.status}), twice. Your sales data is unchanged; Backstop will try again at the next scheduled sync, or press Sync now.`,
      isOurs: false,
    };
  }
  if (error instanceof BulkResultExpiredError) {
    return {
      code: "bulk_url_expired",
      message: "Shopify's export file expired before Backstop could read it, and a fresh export expired too. Your sales data is unchanged; press Sync now to try again.",
      isOurs: false,
    };
  }
  if (error instanceof ShopifyUserError && error.kind === "transient") {
    return {
      code: "shopify_busy",
      message: "Shopify is still running other exports for this shop. Backstop will try again at the next scheduled sync, or press Sync now in a few minutes.",
      isOurs: false,
    };
  }
  if (error instanceof ShopifyApiError && error.kind === "transient") {
    return {
      code: "shopify_unavailable",
      message: `Shopify was unavailable or rate-limited for too long (${error.message}). Your sales data is unchanged; Backstop will try again at the next scheduled sync.`,
      isOurs: false,
    };
  }
  if (error instanceof BulkFormatError || error instanceof OrphanLineError) {
    return {
      code: "bulk_format",
      message: `Shopify's export could not be read (${error.message}). Your sales data is unchanged; contact Backstop support if this repeats.`,
      isOurs: true,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: "internal_error",
    message: `Backstop hit an unexpected problem (${detail}). Your sales data is unchanged; press Sync now to retry, and contact support if it repeats.`,
    isOurs: true,
  };
}
