/**
 * Small hand-made stores for the emulator's conformance tests, with a helper that starts the
 * emulator in-process on a free port and talks to it over HTTP.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../shopify-emulator/server";
import type { StoreData, StoreOrder } from "../../shopify-emulator/store/types";

export const NOW_MS = Date.parse("2026-11-20T12:00:00Z");
export const DAY_MS = 24 * 3600 * 1000;

export const FULL_SCOPES = ["read_orders", "read_all_orders", "read_products", "read_inventory", "read_locations", "read_customers"];

interface OrderSpec {
  id: number;
  daysAgo: number;
  /** Hours after creation when the order was last updated. */
  updatedAfterHours?: number;
  cancelled?: boolean;
  test?: boolean;
  customerId?: number | null;
  lines: Array<{ variantId: number | null; quantity: number; currentQuantity?: number; unitPriceCents: number }>;
}

function order(spec: OrderSpec, store: { variants: StoreData["variants"] }): StoreOrder {
  const createdAt = NOW_MS - spec.daysAgo * DAY_MS;
  const lines = spec.lines.map((line, index) => {
    const variant = line.variantId === null ? undefined : store.variants.find((v) => v.id === line.variantId);
    return {
      id: spec.id * 10 + index,
      variantId: line.variantId,
      sku: variant?.sku ?? null,
      title: variant ? `Item ${variant.sku}` : "Deleted item",
      quantity: line.quantity,
      currentQuantity: line.currentQuantity ?? line.quantity,
      unitPriceCents: line.unitPriceCents,
      discountedTotalCents: line.unitPriceCents * line.quantity,
    };
  });
  const refunded = lines.filter((l) => l.currentQuantity < l.quantity);
  return {
    id: spec.id,
    name: `#${1000 + spec.id}`,
    createdAt,
    processedAt: createdAt,
    updatedAt: createdAt + (spec.updatedAfterHours ?? 0) * 3600 * 1000,
    cancelledAt: spec.cancelled ? createdAt + 3600 * 1000 : null,
    test: spec.test ?? false,
    customerId: spec.customerId === undefined ? 500 + (spec.id % 3) : spec.customerId,
    lines,
    refunds:
      refunded.length === 0
        ? []
        : [
            {
              id: spec.id * 100,
              createdAt: createdAt + 2 * DAY_MS,
              lines: refunded.map((l) => ({ lineItemId: l.id, quantity: l.quantity - l.currentQuantity, restockType: "RETURN" as const })),
            },
          ],
  };
}

/** A shop with 2 locations, 2 products / 3 variants (one deleted) and 8 orders spread over 90 days. */
export function smallStore(overrides: { domain?: string; token?: string; scopes?: string[] } = {}): StoreData {
  const domain = overrides.domain ?? "tiny-shop.myshopify.com";
  const variants: StoreData["variants"] = [
    {
      id: 11,
      productId: 1,
      title: "Small",
      sku: "MUG-S",
      priceCents: 1299,
      inventoryItemId: 111,
      unitCostCents: 450,
      inventory: [
        { locationId: 71, available: 12, onHand: 15, incoming: 20, committed: 3 },
        { locationId: 72, available: 4, onHand: 4, incoming: 0, committed: 0 },
      ],
      deleted: false,
    },
    {
      id: 12,
      productId: 1,
      title: "Large",
      sku: "MUG-L",
      priceCents: 1599,
      inventoryItemId: 112,
      unitCostCents: null,
      inventory: [{ locationId: 71, available: 0, onHand: 2, incoming: 0, committed: 2 }],
      deleted: false,
    },
    {
      id: 21,
      productId: 2,
      title: "Default Title",
      sku: "TEE-1",
      priceCents: 2500,
      inventoryItemId: 121,
      unitCostCents: 1000,
      inventory: [{ locationId: 72, available: 30, onHand: 30, incoming: 0, committed: 0 }],
      deleted: false,
    },
    {
      id: 22,
      productId: 2,
      title: "Retired",
      sku: "TEE-OLD",
      priceCents: 2000,
      inventoryItemId: 122,
      unitCostCents: 900,
      inventory: [],
      deleted: true,
    },
  ];
  const store = { variants };
  const orders: StoreOrder[] = [
    order({ id: 1, daysAgo: 90, lines: [{ variantId: 11, quantity: 2, unitPriceCents: 1299 }] }, store),
    order({ id: 2, daysAgo: 61, updatedAfterHours: 24 * 45, lines: [{ variantId: 21, quantity: 1, unitPriceCents: 2500 }] }, store),
    order({ id: 3, daysAgo: 30, lines: [{ variantId: 11, quantity: 1, unitPriceCents: 1299 }, { variantId: 12, quantity: 3, currentQuantity: 1, unitPriceCents: 1599 }] }, store),
    order({ id: 4, daysAgo: 20, cancelled: true, lines: [{ variantId: 21, quantity: 2, currentQuantity: 0, unitPriceCents: 2500 }] }, store),
    order({ id: 5, daysAgo: 10, test: true, lines: [{ variantId: 11, quantity: 5, unitPriceCents: 1299 }] }, store),
    order({ id: 6, daysAgo: 5, updatedAfterHours: 30, lines: [{ variantId: 22, quantity: 1, unitPriceCents: 2000 }, { variantId: null, quantity: 1, unitPriceCents: 500 }] }, store),
    order({ id: 7, daysAgo: 2, customerId: null, lines: [{ variantId: 12, quantity: 1, unitPriceCents: 1599 }] }, store),
    order({ id: 8, daysAgo: 1, lines: [{ variantId: 21, quantity: 4, unitPriceCents: 2500 }, { variantId: 11, quantity: 1, unitPriceCents: 1299 }, { variantId: 12, quantity: 2, unitPriceCents: 1599 }] }, store),
  ];
  return {
    shop: {
      domain,
      name: "Tiny Shop",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planName: "Basic",
      accessToken: overrides.token ?? `shpat_${domain.split(".")[0]}`,
      scopes: overrides.scopes ?? FULL_SCOPES,
    },
    locations: [
      { id: 71, name: "Warehouse" },
      { id: 72, name: "Shop floor" },
    ],
    products: [
      {
        id: 1,
        title: "Mug",
        handle: "mug",
        vendor: "Clayworks",
        productType: "Kitchen",
        status: "ACTIVE",
        createdAt: NOW_MS - 200 * DAY_MS,
        updatedAt: NOW_MS - 3 * DAY_MS,
        variantIds: [11, 12],
      },
      {
        id: 2,
        title: "T-shirt",
        handle: "t-shirt",
        vendor: "Threads",
        productType: "Apparel",
        status: "ACTIVE",
        createdAt: NOW_MS - 150 * DAY_MS,
        updatedAt: NOW_MS - 40 * DAY_MS,
        variantIds: [21, 22],
      },
    ],
    variants,
    orders,
  };
}

/** `count` orders of one line each, one per hour going back from NOW_MS, oldest first. */
export function manyOrdersStore(count: number, domain = "many-orders.myshopify.com"): StoreData {
  const base = smallStore({ domain });
  const orders: StoreOrder[] = [];
  for (let i = 1; i <= count; i++) {
    const createdAt = NOW_MS - (count - i + 1) * 3600 * 1000;
    orders.push({
      id: i,
      name: `#${1000 + i}`,
      createdAt,
      processedAt: createdAt,
      updatedAt: createdAt,
      cancelledAt: null,
      test: false,
      customerId: 900 + (i % 7),
      lines: [
        { id: i * 10, variantId: 11, sku: "MUG-S", title: "Mug", quantity: 1 + (i % 3), currentQuantity: 1 + (i % 3), unitPriceCents: 1299, discountedTotalCents: 1299 * (1 + (i % 3)) },
        { id: i * 10 + 1, variantId: 21, sku: "TEE-1", title: "Tee", quantity: 1, currentQuantity: 1, unitPriceCents: 2500, discountedTotalCents: 2500 },
      ],
      refunds: [],
    });
  }
  return { ...base, orders };
}

export interface Client {
  emulator: Emulator;
  /** POSTs a GraphQL request with the shop's token (or the given one). */
  graphql(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ status: number; body: GraphqlBody; headers: Headers }>;
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; locations?: unknown; path?: unknown[]; extensions?: Record<string, unknown> }> | string;
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
    search?: unknown;
  };
}

export async function startWith(stores: StoreData[], options: Partial<EmulatorOptions> = {}): Promise<Client> {
  const emulator = await startEmulator({ now: () => NOW_MS, stores, ...options });
  const defaultToken = stores[0]?.shop.accessToken;
  return {
    emulator,
    async graphql(query, variables, token) {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      const chosen = token === undefined ? defaultToken : token;
      if (chosen !== null && chosen !== undefined) headers["X-Shopify-Access-Token"] = chosen;
      const response = await fetch(emulator.graphqlUrl, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      return { status: response.status, body: (await response.json()) as GraphqlBody, headers: response.headers };
    },
  };
}

export interface BulkOperationView {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: string;
  completedAt: string | null;
  query: string;
  type: string;
}

export const BULK_OPERATION_FIELDS = "id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt query type";

/** Starts a bulk query; returns the mutation payload. */
export async function runBulkQuery(
  client: Client,
  query: string,
  options: { groupObjects?: boolean; token?: string } = {},
): Promise<{ bulkOperation: BulkOperationView | null; userErrors: Array<{ field: string[] | null; message: string; code: string | null }> }> {
  const { body } = await client.graphql(
    `mutation($query: String!, $group: Boolean!) {
      bulkOperationRunQuery(query: $query, groupObjects: $group) {
        bulkOperation { ${BULK_OPERATION_FIELDS} }
        userErrors { field message code }
      }
    }`,
    { query, group: options.groupObjects ?? false },
    options.token,
  );
  if (body.errors) throw new Error(`bulkOperationRunQuery failed: ${JSON.stringify(body.errors)}`);
  return (body.data as { bulkOperationRunQuery: never }).bulkOperationRunQuery;
}

export async function bulkOperation(client: Client, id: string, token?: string): Promise<BulkOperationView> {
  const { body } = await client.graphql(`query($id: ID!) { bulkOperation(id: $id) { ${BULK_OPERATION_FIELDS} } }`, { id }, token);
  return (body.data as { bulkOperation: BulkOperationView }).bulkOperation;
}

/** Runs a bulk query to its end and reads its status back over GraphQL. */
export async function runBulkToEnd(client: Client, query: string, options: { groupObjects?: boolean; token?: string } = {}): Promise<BulkOperationView> {
  const started = await runBulkQuery(client, query, options);
  if (!started.bulkOperation) throw new Error(`bulk query refused: ${JSON.stringify(started.userErrors)}`);
  await client.emulator.waitForBulkOperation(started.bulkOperation.id);
  return bulkOperation(client, started.bulkOperation.id, options.token);
}

export async function downloadJsonl(url: string): Promise<{ text: string; rows: Array<Record<string, unknown>> }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download failed: ${response.status}`);
  const text = await response.text();
  const rows = text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>);
  return { text, rows };
}

/** The value, or a test failure saying what was missing. */
export function defined<T>(value: T | null | undefined, what = "value"): T {
  if (value === null || value === undefined) throw new Error(`expected a ${what}, got ${String(value)}`);
  return value;
}
