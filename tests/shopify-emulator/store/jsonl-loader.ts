/**
 * Loads a store from the JSON Lines format described in docs/store-format.md: catalog.jsonl
 * (shop, locations, products, variants with costs and inventory) and orders.jsonl (one order per
 * line). Both files are streamed line by line. The first problem found stops the load with a
 * StoreFileError naming the file, the 1-based line number and the reason.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { z } from "zod";
import { slugify } from "./catalog-generator";
import { idBaseForDomain } from "./id-allocator";
import { hashString32 } from "./rng";
import { DEFAULT_SCOPES } from "./shop-defaults";
import type { ProductRecordInput, VariantRecordInput } from "./store-file-schema";
import { CATALOG_RECORD_TYPES, describeZodError, LocationRecord, OrderRecord, ProductRecord, ShopRecord, VariantRecord } from "./store-file-schema";
import type { StoreData, StoreInventoryLevel, StoreLocation, StoreOrder, StoreOrderLine, StoreProduct, StoreRefund, StoreShop, StoreVariant } from "./types";

export class StoreFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "StoreFileError";
  }
}

export interface StoreFiles {
  catalogPath: string;
  ordersPath: string;
}

/** Yields [lineNumber, parsed JSON object] for each non-blank line. */
async function* readJsonLines(path: string): AsyncGenerator<[number, Record<string, unknown>]> {
  const stream = createReadStream(path, { encoding: "utf8" });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new StoreFileError(path, 0, `cannot read the file (${error instanceof Error ? error.message : String(error)})`);
  }
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber += 1;
      const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new StoreFileError(path, lineNumber, `invalid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new StoreFileError(path, lineNumber, "each line must be one JSON object");
      }
      yield [lineNumber, value as Record<string, unknown>];
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, file: string, line: number): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new StoreFileError(file, line, describeZodError(result.error));
  return result.data;
}

interface CatalogIndex {
  shop: StoreShop;
  locations: StoreLocation[];
  products: StoreProduct[];
  variants: StoreVariant[];
  variantById: Map<number, StoreVariant>;
  /** Non-deleted variants by SKU (several when a shop reuses a SKU). */
  liveVariantsBySku: Map<string, StoreVariant[]>;
  deletedVariantsBySku: Map<string, StoreVariant[]>;
  productTitleById: Map<number, string>;
  maxId: number;
}

async function loadCatalog(path: string): Promise<CatalogIndex> {
  let shop: StoreShop | null = null;
  const locations: StoreLocation[] = [];
  const products: StoreProduct[] = [];
  const variants: StoreVariant[] = [];
  const locationIds = new Set<number>();
  const productById = new Map<number, StoreProduct>();
  const variantById = new Map<number, StoreVariant>();
  const inventoryItemIds = new Set<number>();
  const variantsWithoutItemId: StoreVariant[] = [];
  let maxId = 0;
  let lastLine = 0;

  for await (const [line, record] of readJsonLines(path)) {
    lastLine = line;
    const fail = (reason: string): never => {
      throw new StoreFileError(path, line, reason);
    };
    const type = record.type;
    if (typeof type !== "string" || !(CATALOG_RECORD_TYPES as readonly string[]).includes(type)) {
      fail(`unknown record type ${JSON.stringify(type)} (expected one of ${CATALOG_RECORD_TYPES.join(", ")})`);
    }
    if (type === "shop") {
      if (shop) fail("a second shop record (the catalog describes exactly one shop)");
      const r = parseWith(ShopRecord, record, path, line);
      shop = {
        domain: r.domain,
        name: r.name,
        currencyCode: r.currencyCode,
        ianaTimezone: r.ianaTimezone,
        planName: r.planName ?? "Shopify",
        accessToken: r.accessToken ?? `shpat_${hashString32(`token:${r.domain}`).toString(16).padStart(8, "0")}${hashString32(`salt:${r.domain}`).toString(16).padStart(8, "0")}`,
        scopes: r.scopes ?? [...DEFAULT_SCOPES],
      };
      continue;
    }
    if (!shop) fail("the shop record must come first");
    if (type === "location") {
      const r = parseWith(LocationRecord, record, path, line);
      if (locationIds.has(r.id)) fail(`duplicate location id ${r.id}`);
      locationIds.add(r.id);
      maxId = Math.max(maxId, r.id);
      locations.push({ id: r.id, name: r.name });
    } else if (type === "product") {
      const r = parseWith(ProductRecord, record, path, line);
      if (productById.has(r.id)) fail(`duplicate product id ${r.id}`);
      const product = toProduct(r, fail);
      productById.set(r.id, product);
      maxId = Math.max(maxId, r.id);
      products.push(product);
    } else {
      const r = parseWith(VariantRecord, record, path, line);
      if (variantById.has(r.id)) fail(`duplicate variant id ${r.id}`);
      const product = productById.get(r.productId);
      if (!product) fail(`variant ${r.id} names product ${r.productId}, which is not defined on an earlier line`);
      if (r.inventoryItemId !== undefined) {
        if (inventoryItemIds.has(r.inventoryItemId)) fail(`duplicate inventoryItemId ${r.inventoryItemId}`);
        inventoryItemIds.add(r.inventoryItemId);
        maxId = Math.max(maxId, r.inventoryItemId);
      }
      const variant = toVariant(r, locationIds, fail);
      variantById.set(r.id, variant);
      maxId = Math.max(maxId, r.id);
      variants.push(variant);
      if (!variant.deleted) (product as StoreProduct).variantIds.push(variant.id);
      if (r.inventoryItemId === undefined) variantsWithoutItemId.push(variant);
    }
  }
  if (!shop) throw new StoreFileError(path, lastLine, "no shop record (the first line must be a shop record)");

  // Assigned ids come from the shop's own id block (see id-allocator.ts), above every explicit id.
  let nextId = Math.max(maxId, idBaseForDomain(shop.domain)) + 1;
  for (const variant of variantsWithoutItemId) variant.inventoryItemId = nextId++;
  maxId = Math.max(maxId, nextId - 1);

  const liveVariantsBySku = new Map<string, StoreVariant[]>();
  const deletedVariantsBySku = new Map<string, StoreVariant[]>();
  for (const variant of variants) {
    if (variant.sku === null) continue;
    const index = variant.deleted ? deletedVariantsBySku : liveVariantsBySku;
    const list = index.get(variant.sku);
    if (list) list.push(variant);
    else index.set(variant.sku, [variant]);
  }
  const productTitleById = new Map(products.map((p) => [p.id, p.title] as const));
  return { shop, locations, products, variants, variantById, liveVariantsBySku, deletedVariantsBySku, productTitleById, maxId };
}

function toProduct(r: ProductRecordInput, fail: (reason: string) => never): StoreProduct {
  const updatedAt = r.updatedAt ?? r.createdAt;
  if (updatedAt < r.createdAt) fail("updatedAt is earlier than createdAt");
  return {
    id: r.id,
    title: r.title,
    handle: r.handle ?? slugify(r.title),
    vendor: r.vendor ?? "",
    productType: r.productType ?? "",
    status: r.status ?? "ACTIVE",
    createdAt: r.createdAt,
    updatedAt,
    variantIds: [],
  };
}

function toVariant(r: VariantRecordInput, locationIds: Set<number>, fail: (reason: string) => never): StoreVariant {
  const deleted = r.deleted ?? false;
  if (deleted && r.inventory && r.inventory.length > 0) fail(`variant ${r.id} is deleted, so it cannot hold inventory`);
  if (r.createdAt !== undefined && r.updatedAt !== undefined && r.updatedAt < r.createdAt) fail("updatedAt is earlier than createdAt");
  const inventory: StoreInventoryLevel[] = [];
  const seen = new Set<number>();
  (r.inventory ?? []).forEach((level, i) => {
    const where = `inventory[${i}]`;
    if (!locationIds.has(level.locationId)) fail(`${where}: location ${level.locationId} is not defined on an earlier line`);
    if (seen.has(level.locationId)) fail(`${where}: a second level for location ${level.locationId}`);
    seen.add(level.locationId);
    const committed = level.committed ?? 0;
    const onHand = level.onHand ?? Math.max(0, level.available) + committed;
    if (onHand < level.available + committed) fail(`${where}: onHand (${onHand}) must be ≥ available + committed (${level.available} + ${committed})`);
    const stored: StoreInventoryLevel = { locationId: level.locationId, available: level.available, onHand, incoming: level.incoming ?? 0, committed };
    if (level.updatedAt !== undefined) stored.updatedAt = level.updatedAt;
    inventory.push(stored);
  });
  const variant: StoreVariant = {
    id: r.id,
    productId: r.productId,
    title: r.title ?? "Default Title",
    sku: r.sku,
    priceCents: r.price,
    inventoryItemId: r.inventoryItemId ?? 0,
    unitCostCents: r.unitCost ?? null,
    inventory,
    deleted,
  };
  if (r.createdAt !== undefined) variant.createdAt = r.createdAt;
  if (r.updatedAt !== undefined) variant.updatedAt = r.updatedAt;
  return variant;
}

interface PendingOrder {
  order: StoreOrder;
  hasExplicitId: boolean;
  hasExplicitName: boolean;
  customerKey: string | null;
  linesWithoutId: StoreOrderLine[];
  refundsWithoutId: StoreRefund[];
  /** Each refund line with the order line it refunds (whose id may be assigned later). */
  refundTargets: Array<{ refundLine: StoreRefund["lines"][number]; line: StoreOrderLine }>;
}

export async function loadStoreFromFiles(files: StoreFiles): Promise<StoreData> {
  const catalog = await loadCatalog(files.catalogPath);
  const path = files.ordersPath;
  const pending: PendingOrder[] = [];
  const orderIds = new Set<number>();
  const lineIds = new Set<number>();
  const refundIds = new Set<number>();
  let maxId = catalog.maxId;

  for await (const [lineNumber, record] of readJsonLines(path)) {
    const fail = (reason: string): never => {
      throw new StoreFileError(path, lineNumber, reason);
    };
    const r = parseWith(OrderRecord, record, path, lineNumber);
    if (r.id !== undefined) {
      if (orderIds.has(r.id)) fail(`duplicate order id ${r.id}`);
      orderIds.add(r.id);
      maxId = Math.max(maxId, r.id);
    }

    const linesWithoutId: StoreOrderLine[] = [];
    const lines: StoreOrderLine[] = r.lines.map((input, i) => {
      const where = `lines[${i}]`;
      if (input.id !== undefined) {
        if (lineIds.has(input.id)) fail(`${where}: duplicate line item id ${input.id}`);
        lineIds.add(input.id);
        maxId = Math.max(maxId, input.id);
      }
      const { variantId, sku, title } = resolveVariant(catalog, input.variantId, input.sku, where, fail);
      const grossCents = input.unitPrice * input.quantity;
      const discountedTotalCents = input.discountedTotal ?? grossCents;
      if (discountedTotalCents > grossCents) fail(`${where}: discountedTotal (${discountedTotalCents} cents) exceeds quantity × unitPrice (${grossCents} cents)`);
      const line: StoreOrderLine = {
        id: input.id ?? 0,
        variantId,
        sku,
        title: input.title ?? title,
        quantity: input.quantity,
        currentQuantity: input.quantity, // settled below, once refunds are known
        unitPriceCents: input.unitPrice,
        discountedTotalCents,
      };
      if (input.id === undefined) linesWithoutId.push(line);
      return line;
    });

    const refundedByLine = new Map<StoreOrderLine, number>();
    const refundsWithoutId: StoreRefund[] = [];
    const refundTargets: PendingOrder["refundTargets"] = [];
    const refunds: StoreRefund[] = (r.refunds ?? []).map((input, i) => {
      const where = `refunds[${i}]`;
      if (input.id !== undefined) {
        if (refundIds.has(input.id)) fail(`${where}: duplicate refund id ${input.id}`);
        refundIds.add(input.id);
        maxId = Math.max(maxId, input.id);
      }
      const refund: StoreRefund = {
        id: input.id ?? 0,
        createdAt: input.createdAt,
        lines: input.lines.map((refundLine, j) => {
          const line = resolveRefundedLine(lines, r.lines, refundLine.lineId, refundLine.sku, `${where}.lines[${j}]`, fail);
          const total = (refundedByLine.get(line) ?? 0) + refundLine.quantity;
          if (total > line.quantity) fail(`${where}.lines[${j}]: refunds total ${total} units of a line with quantity ${line.quantity}`);
          refundedByLine.set(line, total);
          const stored = { lineItemId: line.id, quantity: refundLine.quantity, restockType: refundLine.restockType ?? "RETURN" };
          refundTargets.push({ refundLine: stored, line });
          return stored;
        }),
      };
      if (input.id === undefined) refundsWithoutId.push(refund);
      return refund;
    });

    lines.forEach((line, i) => {
      const remaining = line.quantity - (refundedByLine.get(line) ?? 0);
      const given = r.lines[i].currentQuantity;
      if (given !== undefined && given > remaining) {
        fail(`lines[${i}]: currentQuantity ${given} exceeds quantity ${line.quantity} minus ${line.quantity - remaining} refunded`);
      }
      line.currentQuantity = given ?? remaining;
    });

    const cancelledAt = r.cancelledAt ?? null;
    const lastEventAt = Math.max(r.createdAt, cancelledAt ?? r.createdAt, ...refunds.map((x) => x.createdAt));
    if (r.updatedAt !== undefined && r.updatedAt < lastEventAt) {
      fail(`updatedAt (${new Date(r.updatedAt).toISOString()}) is earlier than the order's last change (${new Date(lastEventAt).toISOString()})`);
    }
    const customerKey = typeof r.customer === "string" ? r.customer : null;
    if (typeof r.customer === "number") maxId = Math.max(maxId, r.customer);
    pending.push({
      order: {
        id: r.id ?? 0,
        name: r.name ?? "",
        createdAt: r.createdAt,
        processedAt: r.processedAt ?? r.createdAt,
        updatedAt: r.updatedAt ?? lastEventAt,
        cancelledAt,
        test: r.test ?? false,
        customerId: typeof r.customer === "number" ? r.customer : null,
        lines,
        refunds,
      },
      hasExplicitId: r.id !== undefined,
      hasExplicitName: r.name !== undefined,
      customerKey,
      linesWithoutId,
      refundsWithoutId,
      refundTargets,
    });
  }

  assignMissingIds(pending, Math.max(maxId, idBaseForDomain(catalog.shop.domain)) + 1);
  const orders = pending.map((p) => p.order).sort((a, b) => a.id - b.id);
  const positionById = new Map(orders.map((o, i) => [o.id, i] as const));
  for (const p of pending) if (!p.hasExplicitName) p.order.name = `#${1001 + (positionById.get(p.order.id) ?? 0)}`;
  return { shop: catalog.shop, locations: catalog.locations, products: catalog.products, variants: catalog.variants, orders };
}

/**
 * Missing ids, above every explicit one: orders in createdAt order (ids grow with creation), then
 * their lines and refunds, then string customers in order of first appearance.
 */
function assignMissingIds(pending: PendingOrder[], firstFreeId: number): void {
  let nextId = firstFreeId;
  const withoutId = pending.filter((p) => !p.hasExplicitId).sort((a, b) => a.order.createdAt - b.order.createdAt);
  for (const p of withoutId) p.order.id = nextId++;
  for (const p of pending) {
    for (const line of p.linesWithoutId) line.id = nextId++;
    for (const { refundLine, line } of p.refundTargets) refundLine.lineItemId = line.id;
    for (const refund of p.refundsWithoutId) refund.id = nextId++;
  }
  const customerIds = new Map<string, number>();
  for (const p of pending) {
    if (p.customerKey === null) continue;
    let id = customerIds.get(p.customerKey);
    if (id === undefined) {
      id = nextId++;
      customerIds.set(p.customerKey, id);
    }
    p.order.customerId = id;
  }
}

function resolveVariant(
  catalog: CatalogIndex,
  variantId: number | null | undefined,
  sku: string | null | undefined,
  where: string,
  fail: (reason: string) => never,
): { variantId: number | null; sku: string | null; title: string } {
  if (variantId === null) {
    // The variant is gone; the line keeps the SKU it was sold under.
    return { variantId: null, sku: sku ?? null, title: sku ?? "Deleted item" };
  }
  if (variantId !== undefined) {
    const variant = catalog.variantById.get(variantId);
    if (!variant) fail(`${where}: variant ${variantId} is not in the catalog`);
    if ((variant as StoreVariant).deleted) fail(`${where}: variant ${variantId} is deleted; its lines carry "variantId": null`);
    const v = variant as StoreVariant;
    return { variantId: v.id, sku: sku === undefined ? v.sku : sku, title: catalog.productTitleById.get(v.productId) ?? v.title };
  }
  if (sku === undefined || sku === null) fail(`${where}: give the line's sku (or variantId)`);
  const live = catalog.liveVariantsBySku.get(sku as string) ?? [];
  if (live.length > 1) fail(`${where}: SKU "${sku}" belongs to variants ${live.map((v) => v.id).join(", ")}; give variantId`);
  if (live.length === 1) {
    const v = live[0];
    return { variantId: v.id, sku: v.sku, title: catalog.productTitleById.get(v.productId) ?? v.title };
  }
  const deleted = catalog.deletedVariantsBySku.get(sku as string) ?? [];
  if (deleted.length > 0) return { variantId: null, sku: sku as string, title: catalog.productTitleById.get(deleted[0].productId) ?? (sku as string) };
  return fail(`${where}: unknown SKU "${sku}" (no variant in the catalog has it)`);
}

function resolveRefundedLine(
  lines: StoreOrderLine[],
  inputs: ReadonlyArray<{ id?: number; sku?: string | null }>,
  lineId: number | undefined,
  sku: string | undefined,
  where: string,
  fail: (reason: string) => never,
): StoreOrderLine {
  if (lineId !== undefined) {
    const index = inputs.findIndex((l) => l.id === lineId);
    if (index < 0) fail(`${where}: the order has no line with id ${lineId}`);
    return lines[index];
  }
  if (sku === undefined) fail(`${where}: give lineId or sku to say which line is refunded`);
  const matches = lines.filter((l) => l.sku === sku);
  if (matches.length === 0) fail(`${where}: the order has no line with SKU "${sku}"`);
  if (matches.length > 1) fail(`${where}: the order has several lines with SKU "${sku}"; give lineId`);
  return matches[0];
}
