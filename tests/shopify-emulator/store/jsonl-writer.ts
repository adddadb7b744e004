/**
 * Writes a store in the JSON Lines format of docs/store-format.md (the loader's input), with
 * every id explicit so that loading the files gives back an equal store.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import type { StoreFiles } from "./jsonl-loader";
import type { StoreData, StoreInventoryLevel, StoreOrder, StoreVariant } from "./types";

/** "2026-03-01T14:05:00Z"; milliseconds only when there are some. */
export function isoTime(epochMs: number): string {
  const text = new Date(epochMs).toISOString();
  return text.endsWith(".000Z") ? `${text.slice(0, -5)}Z` : text;
}

/** Cents → "25.00" (the format's money strings are never negative). */
export function moneyText(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`Cannot write ${cents} cents as a money string`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

class LineWriter {
  private readonly out;

  constructor(path: string) {
    this.out = createWriteStream(path, { encoding: "utf8" });
  }

  async write(record: unknown): Promise<void> {
    if (!this.out.write(`${JSON.stringify(record)}\n`)) await once(this.out, "drain");
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, "finish");
  }
}

export async function writeStoreToFiles(store: StoreData, dir: string): Promise<StoreFiles> {
  await mkdir(dir, { recursive: true });
  const files: StoreFiles = { catalogPath: join(dir, "catalog.jsonl"), ordersPath: join(dir, "orders.jsonl") };

  const catalog = new LineWriter(files.catalogPath);
  await catalog.write({ type: "shop", ...store.shop });
  for (const location of store.locations) await catalog.write({ type: "location", id: location.id, name: location.name });
  for (const product of store.products) {
    await catalog.write({
      type: "product",
      id: product.id,
      title: product.title,
      handle: product.handle,
      vendor: product.vendor,
      productType: product.productType,
      status: product.status,
      createdAt: isoTime(product.createdAt),
      updatedAt: isoTime(product.updatedAt),
    });
  }
  for (const variant of store.variants) await catalog.write(variantRecord(variant));
  await catalog.close();

  const orders = new LineWriter(files.ordersPath);
  for (const order of store.orders) await orders.write(orderRecord(order));
  await orders.close();
  return files;
}

function variantRecord(variant: StoreVariant): Record<string, unknown> {
  const record: Record<string, unknown> = {
    type: "variant",
    id: variant.id,
    productId: variant.productId,
    title: variant.title,
    sku: variant.sku,
    price: moneyText(variant.priceCents),
    unitCost: variant.unitCostCents === null ? null : moneyText(variant.unitCostCents),
    inventoryItemId: variant.inventoryItemId,
    deleted: variant.deleted,
  };
  if (variant.createdAt !== undefined) record.createdAt = isoTime(variant.createdAt);
  if (variant.updatedAt !== undefined) record.updatedAt = isoTime(variant.updatedAt);
  if (!variant.deleted) record.inventory = variant.inventory.map(levelRecord);
  return record;
}

function levelRecord(level: StoreInventoryLevel): Record<string, unknown> {
  const record: Record<string, unknown> = {
    locationId: level.locationId,
    available: level.available,
    onHand: level.onHand,
    incoming: level.incoming,
    committed: level.committed,
  };
  if (level.updatedAt !== undefined) record.updatedAt = isoTime(level.updatedAt);
  return record;
}

function orderRecord(order: StoreOrder): Record<string, unknown> {
  return {
    id: order.id,
    name: order.name,
    createdAt: isoTime(order.createdAt),
    processedAt: isoTime(order.processedAt),
    updatedAt: isoTime(order.updatedAt),
    cancelledAt: order.cancelledAt === null ? null : isoTime(order.cancelledAt),
    test: order.test,
    customer: order.customerId,
    lines: order.lines.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      currentQuantity: line.currentQuantity,
      unitPrice: moneyText(line.unitPriceCents),
      discountedTotal: moneyText(line.discountedTotalCents),
    })),
    refunds: order.refunds.map((refund) => ({
      id: refund.id,
      createdAt: isoTime(refund.createdAt),
      lines: refund.lines.map((l) => ({ lineId: l.lineItemId, quantity: l.quantity, restockType: l.restockType })),
    })),
  };
}
