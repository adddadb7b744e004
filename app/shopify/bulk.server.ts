import type { AdminClient } from "./admin-client.server";
import { BulkResultExpiredError, ShopifyUnavailableError, ShopifyUserError } from "./errors";
import { BULK_OPERATION, type BulkOperationData, type BulkOperationNode, type BulkOperationVariables } from "./graphql/bulk-operation";
import {
  BULK_OPERATION_RUN_QUERY,
  type BulkOperationRunQueryData,
  type BulkOperationRunQueryVariables,
} from "./graphql/bulk-operation-run-query";
import { BULK_ORDERS } from "./graphql/bulk-orders";
import { BULK_ORDERS_WITH_CUSTOMERS } from "./graphql/bulk-orders-with-customers";
import { bodyChunks, readJsonlLineBatches } from "./jsonl";

/**
 * Bulk queries as Shopify specifies them: start one, read its status by id, and stream its JSONL
 * result. Waiting (webhook or polling) and what to do with the lines live in app/sync.
 */

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";

export interface BulkOperationInfo {
  id: string;
  status: BulkStatus;
  errorCode: string | null;
  createdAt: Date;
  completedAt: Date | null;
  objectCount: number;
  rootObjectCount: number;
  /** Null on COMPLETED when nothing matched (commonly reported), and on failures. */
  url: string | null;
  partialDataUrl: string | null;
}

const STATUSES: readonly BulkStatus[] = ["CREATED", "RUNNING", "COMPLETED", "FAILED", "CANCELING", "CANCELED", "EXPIRED"];

export function isFinishedStatus(status: BulkStatus): boolean {
  return status === "COMPLETED" || status === "FAILED" || status === "CANCELED" || status === "EXPIRED";
}

function toStatus(value: string): BulkStatus {
  const upper = value.toUpperCase();
  const known = STATUSES.find((s) => s === upper);
  if (!known) throw new Error(`Unknown bulk operation status "${value}"`);
  return known;
}

/** Parses an UnsignedInt64 (a string of digits); bulk counts fit a double for any real shop. */
function countOf(value: string | null): number {
  if (value === null) return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function toInfo(node: BulkOperationNode): BulkOperationInfo {
  return {
    id: node.id,
    status: toStatus(node.status),
    errorCode: node.errorCode,
    createdAt: new Date(node.createdAt),
    completedAt: node.completedAt ? new Date(node.completedAt) : null,
    objectCount: countOf(node.objectCount),
    rootObjectCount: countOf(node.rootObjectCount),
    url: node.url,
    partialDataUrl: node.partialDataUrl,
  };
}

/**
 * The orders export's inner query with the search filled in. Quotes in the search are escaped
 * by JSON.stringify, which produces a valid GraphQL string literal for this character set.
 */
export function buildBulkOrdersQuery(search: string, withCustomers: boolean): string {
  const template = withCustomers ? BULK_ORDERS_WITH_CUSTOMERS : BULK_ORDERS;
  return template.replace('"__SEARCH__"', JSON.stringify(search)).replace(/^#graphql\s*/, "").trim();
}

/** Starts a bulk query; returns the new operation (status CREATED) or throws ShopifyUserError. */
export async function startBulkQuery(client: AdminClient, query: string): Promise<{ id: string; createdAt: Date }> {
  const data = await client.request<BulkOperationRunQueryData, BulkOperationRunQueryVariables>(BULK_OPERATION_RUN_QUERY, { query });
  const payload = data.bulkOperationRunQuery;
  if (!payload) throw new Error("bulkOperationRunQuery returned no payload");
  if (payload.userErrors.length > 0) throw new ShopifyUserError(client.shop, "bulkOperationRunQuery", payload.userErrors);
  if (!payload.bulkOperation) throw new Error("bulkOperationRunQuery returned neither an operation nor userErrors");
  return { id: payload.bulkOperation.id, createdAt: new Date(payload.bulkOperation.createdAt) };
}

/** The operation's current state, or null when Shopify no longer knows the id. */
export async function fetchBulkOperation(client: AdminClient, id: string): Promise<BulkOperationInfo | null> {
  const data = await client.request<BulkOperationData, BulkOperationVariables>(BULK_OPERATION, { id });
  return data.bulkOperation ? toInfo(data.bulkOperation) : null;
}

export interface DownloadOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Opens a bulk result URL and yields its lines in batches, streaming (never the whole file).
 * Signed storage URLs answer 400/403/404/410 once expired: that is a BulkResultExpiredError, so
 * the caller can ask for a fresh export instead of retrying the same URL.
 */
export async function* streamBulkResultLines(shop: string, url: string, options: DownloadOptions = {}): AsyncGenerator<string[]> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, { signal: options.signal });
  } catch (error) {
    throw new ShopifyUnavailableError(`Downloading the bulk result failed: ${String(error)}`, shop, "bulk result download", null, { cause: error });
  }
  if (response.status === 400 || response.status === 403 || response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    throw new BulkResultExpiredError(shop, response.status);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ShopifyUnavailableError(`Downloading the bulk result answered HTTP ${response.status}`, shop, "bulk result download", response.status);
  }
  try {
    yield* readJsonlLineBatches(bodyChunks(response.body));
  } catch (error) {
    if (error instanceof TypeError && /terminated|aborted|network/i.test(error.message)) {
      throw new ShopifyUnavailableError(`The bulk result download broke off: ${error.message}`, shop, "bulk result download", null, { cause: error });
    }
    throw error;
  }
}
