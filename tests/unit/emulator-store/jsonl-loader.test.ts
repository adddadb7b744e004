import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePreset, loadStoreFromFiles, StoreFileError, writeStoreToFiles } from "../../shopify-emulator/store";

const TINY = {
  catalogPath: join(import.meta.dirname, "../../fixtures/stores/tiny/catalog.jsonl"),
  ordersPath: join(import.meta.dirname, "../../fixtures/stores/tiny/orders.jsonl"),
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "store-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SHOP = `{"type":"shop","domain":"case.myshopify.com","name":"Case","currencyCode":"USD","ianaTimezone":"Europe/Berlin"}`;
const CATALOG = [
  SHOP,
  `{"type":"location","id":1,"name":"Main"}`,
  `{"type":"product","id":10,"title":"Tee","createdAt":"2026-01-01T00:00:00Z"}`,
  `{"type":"variant","id":11,"productId":10,"sku":"TEE-S","price":"10.00","inventory":[{"locationId":1,"available":3,"committed":1}]}`,
  `{"type":"variant","id":12,"productId":10,"sku":"TEE-M","price":"12.50","unitCost":"4.00"}`,
  `{"type":"variant","id":13,"productId":10,"sku":"TEE-L","price":"12.50","deleted":true}`,
];
const ORDER = `{"id":100,"createdAt":"2026-03-01T10:00:00Z","lines":[{"id":200,"sku":"TEE-S","quantity":2,"unitPrice":"10.00"}]}`;

let caseNumber = 0;
async function writeCase(catalogLines: string[], orderLines: string[]): Promise<{ catalogPath: string; ordersPath: string }> {
  caseNumber += 1;
  const catalogPath = join(dir, `catalog-${caseNumber}.jsonl`);
  const ordersPath = join(dir, `orders-${caseNumber}.jsonl`);
  await writeFile(catalogPath, `${catalogLines.join("\n")}\n`);
  await writeFile(ordersPath, `${orderLines.join("\n")}\n`);
  return { catalogPath, ordersPath };
}

async function loadError(catalogLines: string[], orderLines: string[]): Promise<StoreFileError> {
  const files = await writeCase(catalogLines, orderLines);
  try {
    await loadStoreFromFiles(files);
  } catch (error) {
    if (error instanceof StoreFileError) return error;
    throw error;
  }
  throw new Error("expected the load to fail");
}

describe("loadStoreFromFiles on the tiny fixture", () => {
  it("loads the shop, catalog, inventory and orders with defaults filled in", async () => {
    const store = await loadStoreFromFiles(TINY);
    expect(store.shop).toMatchObject({ domain: "tiny-fixture.myshopify.com", currencyCode: "USD", ianaTimezone: "America/New_York", accessToken: "shpat_tiny_fixture_token" });
    expect(store.locations.map((l) => l.id)).toEqual([1, 2]);
    // The deleted variant stays in the store but is not one of its product's variants.
    expect(store.products[0].variantIds).toEqual([101, 102]);
    expect(store.variants.find((v) => v.id === 103)).toMatchObject({ deleted: true, inventory: [] });
    const mug = store.variants.find((v) => v.id === 201);
    expect(mug).toMatchObject({ priceCents: 1499, unitCostCents: 410, title: "Default Title" });
    expect(mug?.inventory).toEqual([{ locationId: 1, available: 40, onHand: 40, incoming: 0, committed: 0 }]);
    expect(store.variants.find((v) => v.id === 102)?.unitCostCents).toBeNull();
    expect(store.orders.map((o) => o.name)).toEqual(["#1001", "#1002", "#1003", "#1004", "#1005", "#1006", "#1007", "#1008", "#1009"]);
  });

  it("derives currentQuantity, updatedAt, customers and deleted-variant lines", async () => {
    const store = await loadStoreFromFiles(TINY);
    const byId = new Map(store.orders.map((o) => [o.id, o] as const));
    expect(byId.get(1001)?.lines[0]).toMatchObject({ quantity: 2, currentQuantity: 1, discountedTotalCents: 4500, title: "Harbor Tee" });
    expect(byId.get(1001)?.updatedAt).toBe(Date.parse("2026-11-05T15:00:00Z"));
    expect(byId.get(1004)?.refunds[0].lines).toEqual([{ lineItemId: 5005, quantity: 1, restockType: "NO_RESTOCK" }]);
    expect(byId.get(1003)?.lines[0].currentQuantity).toBe(2);
    expect(byId.get(1001)?.customerId).toBe(byId.get(1003)?.customerId);
    expect(byId.get(1001)?.customerId).not.toBe(byId.get(1002)?.customerId);
    expect(byId.get(1006)?.customerId).toBeNull();
    expect(byId.get(1007)?.processedAt).toBe(Date.parse("2026-10-15T18:00:00Z"));
    expect(byId.get(1007)?.lines[0]).toMatchObject({ variantId: null, sku: "TEE-SND-M" });
  });
});

describe("writeStoreToFiles → loadStoreFromFiles", () => {
  it("round-trips a generated store exactly", async () => {
    const store = generatePreset("small", { nowMs: Date.parse("2026-11-27T12:00:00Z") });
    const files = await writeStoreToFiles(store, join(dir, "round-trip"));
    const loaded = await loadStoreFromFiles(files);
    expect(loaded).toEqual(store);
    const again = await writeStoreToFiles(loaded, join(dir, "round-trip-again"));
    expect(await readFile(again.ordersPath, "utf8")).toBe(await readFile(files.ordersPath, "utf8"));
    expect(await readFile(again.catalogPath, "utf8")).toBe(await readFile(files.catalogPath, "utf8"));
  });
});

describe("id assignment", () => {
  it("numbers orders without ids in createdAt order above every explicit id, and resolves refunds by SKU", async () => {
    const files = await writeCase(CATALOG, [
      `{"createdAt":"2026-03-05T10:00:00Z","customer":"z@example.com","lines":[{"sku":"TEE-M","quantity":1,"unitPrice":"12.50"}]}`,
      `{"id":500,"createdAt":"2026-03-03T10:00:00Z","lines":[{"sku":"TEE-S","quantity":1,"unitPrice":"10.00"}]}`,
      `{"createdAt":"2026-03-01T10:00:00Z","customer":"z@example.com","lines":[{"sku":"TEE-S","quantity":3,"unitPrice":"10.00"}],"refunds":[{"createdAt":"2026-03-02T10:00:00Z","lines":[{"sku":"TEE-S","quantity":2}]}]}`,
    ]);
    const store = await loadStoreFromFiles(files);
    // Assigned ids come from the shop's id block, far above the explicit 500.
    const [explicit, first, second] = store.orders;
    expect(explicit.id).toBe(500);
    expect(first.id).toBeGreaterThan(500);
    expect(second.id).toBe(first.id + 1);
    expect(first.createdAt).toBeLessThan(second.createdAt);
    expect(first.refunds[0].lines[0].lineItemId).toBe(first.lines[0].id);
    expect(first.lines[0].currentQuantity).toBe(1);
    expect(first.customerId).toBe(second.customerId);
    expect(store.orders.map((o) => o.name)).toEqual(["#1001", "#1002", "#1003"]);
    expect(first.name).toBe("#1002");
  });
});

describe("malformed files", () => {
  it.each([
    ["invalid JSON", [SHOP, `{"type":"location","id":1,`], 2, /invalid JSON/],
    ["a line that is not an object", [SHOP, `[1,2]`], 2, /one JSON object/],
    ["an unknown record type", [SHOP, `{"type":"warehouse","id":1}`], 2, /unknown record type "warehouse"/],
    ["a record before the shop", [`{"type":"location","id":1,"name":"Main"}`, SHOP], 1, /shop record must come first/],
    ["a second shop", [SHOP, SHOP], 2, /second shop record/],
    ["a duplicate variant id", [...CATALOG, `{"type":"variant","id":11,"productId":10,"sku":"X","price":"1.00"}`], 7, /duplicate variant id 11/],
    ["a duplicate location id", [...CATALOG, `{"type":"location","id":1,"name":"Again"}`], 7, /duplicate location id 1/],
    ["a variant of an unknown product", [SHOP, `{"type":"variant","id":11,"productId":99,"sku":"X","price":"1.00"}`], 2, /product 99, which is not defined/],
    ["a negative price", [...CATALOG.slice(0, 3), `{"type":"variant","id":11,"productId":10,"sku":"X","price":"-1.00"}`], 4, /price: must be a non-negative decimal/],
    ["a price given as a number", [...CATALOG.slice(0, 3), `{"type":"variant","id":11,"productId":10,"sku":"X","price":10}`], 4, /price: must be a decimal string/],
    ["a misspelt key", [...CATALOG.slice(0, 3), `{"type":"variant","id":11,"productId":10,"skuu":"X","price":"1.00"}`], 4, /Unrecognized key: "skuu"/],
    ["a missing required key", [...CATALOG.slice(0, 3), `{"type":"variant","id":11,"productId":10,"price":"1.00"}`], 4, /sku: is required/],
    [
      "on_hand below available + committed",
      [...CATALOG.slice(0, 3), `{"type":"variant","id":11,"productId":10,"sku":"X","price":"1.00","inventory":[{"locationId":1,"available":5,"committed":2,"onHand":6}]}`],
      4,
      /onHand \(6\) must be ≥ available \+ committed/,
    ],
    [
      "inventory at an unknown location",
      [...CATALOG.slice(0, 3), `{"type":"variant","id":11,"productId":10,"sku":"X","price":"1.00","inventory":[{"locationId":7,"available":5}]}`],
      4,
      /location 7 is not defined/,
    ],
    ["an unknown time zone", [SHOP.replace("Europe/Berlin", "Europe/Atlantis")], 1, /ianaTimezone: is not a valid IANA time zone/],
    ["a product time without offset", [SHOP, `{"type":"product","id":10,"title":"Tee","createdAt":"2026-01-01T00:00:00"}`], 2, /createdAt: must be an ISO-8601 date-time with an offset/],
  ])("rejects %s in the catalog with its line number", async (_, catalogLines, lineNumber, reason) => {
    const error = await loadError(catalogLines, [ORDER]);
    expect(error.file).toMatch(/catalog-\d+\.jsonl$/);
    expect(error.line).toBe(lineNumber);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`${error.file}:${lineNumber}: ${error.reason}`);
  });

  it.each([
    ["an unknown SKU", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"sku":"TEE-XXL","quantity":1,"unitPrice":"10.00"}]}`], /lines\[0\]: unknown SKU "TEE-XXL"/],
    ["a negative quantity", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"sku":"TEE-S","quantity":-1,"unitPrice":"10.00"}]}`], /lines\[0\]\.quantity: must be ≥ 0/],
    [
      "refunds exceeding the quantity",
      [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"id":7,"sku":"TEE-S","quantity":2,"unitPrice":"10.00"}],"refunds":[{"createdAt":"2026-03-02T10:00:00Z","lines":[{"lineId":7,"quantity":1}]},{"createdAt":"2026-03-03T10:00:00Z","lines":[{"lineId":7,"quantity":2}]}]}`],
      /refunds\[1\]\.lines\[0\]: refunds total 3 units of a line with quantity 2/,
    ],
    ["a duplicate order id", [ORDER.replace('"id":200', '"id":201')], /duplicate order id 100/],
    ["a duplicate line id", [ORDER.replace('"id":100', '"id":101')], /lines\[0\]: duplicate line item id 200/],
    ["a time without offset", [`{"createdAt":"2026-03-01 10:00","lines":[{"sku":"TEE-S","quantity":1,"unitPrice":"10.00"}]}`], /createdAt: must be an ISO-8601 date-time with an offset/],
    [
      "currentQuantity above quantity minus refunds",
      [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"sku":"TEE-S","quantity":2,"currentQuantity":2,"unitPrice":"10.00"}],"refunds":[{"createdAt":"2026-03-02T10:00:00Z","lines":[{"sku":"TEE-S","quantity":1}]}]}`],
      /lines\[0\]: currentQuantity 2 exceeds quantity 2 minus 1 refunded/,
    ],
    ["a discounted total above the gross", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"sku":"TEE-S","quantity":1,"unitPrice":"10.00","discountedTotal":"10.01"}]}`], /discountedTotal \(1001 cents\) exceeds/],
    [
      "updatedAt before a refund",
      [`{"createdAt":"2026-03-01T10:00:00Z","updatedAt":"2026-03-01T11:00:00Z","lines":[{"sku":"TEE-S","quantity":1,"unitPrice":"10.00"}],"refunds":[{"createdAt":"2026-03-02T10:00:00Z","lines":[{"sku":"TEE-S","quantity":1}]}]}`],
      /updatedAt .* is earlier than the order's last change/,
    ],
    ["a variant id not in the catalog", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"variantId":99,"quantity":1,"unitPrice":"10.00"}]}`], /variant 99 is not in the catalog/],
    ["a deleted variant named by id", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"variantId":13,"quantity":1,"unitPrice":"10.00"}]}`], /variant 13 is deleted/],
    ["a line naming no variant", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"quantity":1,"unitPrice":"10.00"}]}`], /give the line's sku/],
    [
      "a refund of a line the order does not have",
      [`{"createdAt":"2026-03-01T10:00:00Z","lines":[{"sku":"TEE-S","quantity":1,"unitPrice":"10.00"}],"refunds":[{"createdAt":"2026-03-02T10:00:00Z","lines":[{"sku":"TEE-M","quantity":1}]}]}`],
      /no line with SKU "TEE-M"/,
    ],
    ["a customer that is neither id, string nor null", [`{"createdAt":"2026-03-01T10:00:00Z","customer":true,"lines":[{"sku":"TEE-S","quantity":1,"unitPrice":"10.00"}]}`], /customer: must be a customer id/],
    ["an order without lines", [`{"createdAt":"2026-03-01T10:00:00Z","lines":[]}`], /lines: an order needs at least one line/],
  ])("rejects %s in the orders with its line number", async (_, badLine, reason) => {
    // Blank lines still count: the bad order is on line 3.
    const error = await loadError(CATALOG, [ORDER, "", ...badLine]);
    expect(error.file).toMatch(/orders-\d+\.jsonl$/);
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(reason);
  });

  it("rejects a catalog without a shop record and a file that does not exist", async () => {
    const empty = await loadError([""], [ORDER]);
    expect(empty.reason).toMatch(/no shop record/);
    const missing = await loadStoreFromFiles({ catalogPath: join(dir, "nope.jsonl"), ordersPath: join(dir, "nope2.jsonl") }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(StoreFileError);
    expect((missing as StoreFileError).reason).toMatch(/cannot read the file/);
  });
});
