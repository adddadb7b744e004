import type { AdminClient } from "~/shopify/admin-client.server";
import { startBulkQuery, streamBulkResultLines, type BulkOperationInfo } from "~/shopify/bulk.server";
import { BULK_CATALOG } from "~/shopify/graphql/bulk-catalog";
import {
  INVENTORY_LEVELS_PAGE,
  type InventoryLevelsPageData,
  type InventoryLevelsPageVariables,
} from "~/shopify/graphql/inventory-levels-page";
import {
  VARIANTS_PAGE,
  type InventoryLevelNode,
  type VariantsPageData,
  type VariantsPageNode,
  type VariantsPageVariables,
} from "~/shopify/graphql/variants-page";
import { decimalToMinorUnits } from "./money";
import { sqlDateTime, type SalesStore } from "./sales-store.server";

import { BulkExportFailedError } from "./run-errors";

/**
 * Catalog and inventory: variants with product, price, unit cost and their inventory item's
 * levels per location with the four quantities planning uses. A catalog that fits one page (25
 * variants) is read with that one paged query; a larger one with a bulk export, which costs no
 * rate-limit points (paging 5,000 variants with their levels costs ~75,000 points: 12 minutes of a
 * Standard plan's bucket). Written in one transaction: variants upserted (ones Shopify no longer
 * lists are marked deleted, their sales history kept), per-location levels replaced, per-variant
 * totals summed, and one inventory snapshot per variant for the shop-local day (re-taken the same
 * day, it is replaced by the later reading).
 */
export interface CatalogSyncOptions {
  shop: string;
  /** Shop-local day the snapshot belongs to. */
  snapshotDay: string;
  nowMs: number;
  fractionDigits: number;
  /** ≤ 25 keeps the page's requested cost under Shopify's 1,000-point cap. */
  variantsPerPage?: number;
  /** Waits for the catalog export to finish (webhook or polling). */
  awaitBulk: (bulkOperationId: string) => Promise<BulkOperationInfo | null>;
  fetch?: typeof fetch;
}

export interface CatalogSyncResult {
  variants: number;
  levels: number;
  objectsRead: number;
  rowsWritten: number;
  deletedVariants: number;
}

interface Quantities {
  available: number;
  onHand: number;
  incoming: number;
  committed: number;
}

interface LevelRow extends Quantities {
  locationId: string;
}

interface VariantRow {
  id: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  vendor: string;
  productType: string;
  productStatus: string;
  priceCents: number;
  unitCostCents: number | null;
  inventoryItemId: string;
  levels: LevelRow[];
}

function tailId(gid: string): string {
  const id = gid.slice(gid.lastIndexOf("/") + 1).split("?")[0];
  if (!/^\d+$/.test(id)) throw new Error(`Unexpected Shopify id "${gid}"`);
  return id;
}

function levelRow(node: InventoryLevelNode): LevelRow {
  const quantity = (name: string) => node.quantities.find((q) => q.name === name)?.quantity ?? 0;
  return {
    locationId: tailId(node.location.id),
    available: quantity("available"),
    onHand: quantity("on_hand"),
    incoming: quantity("incoming"),
    committed: quantity("committed"),
  };
}

async function remainingLevels(client: AdminClient, inventoryItemGid: string, after: string | null): Promise<LevelRow[]> {
  const rows: LevelRow[] = [];
  let cursor = after;
  for (;;) {
    const data: InventoryLevelsPageData = await client.request<InventoryLevelsPageData, InventoryLevelsPageVariables>(INVENTORY_LEVELS_PAGE, {
      inventoryItemId: inventoryItemGid,
      after: cursor,
    });
    if (!data.inventoryItem) return rows;
    rows.push(...data.inventoryItem.inventoryLevels.nodes.map(levelRow));
    if (!data.inventoryItem.inventoryLevels.pageInfo.hasNextPage) return rows;
    cursor = data.inventoryItem.inventoryLevels.pageInfo.endCursor;
  }
}

function variantRow(node: VariantsPageNode, levels: LevelRow[], fractionDigits: number): VariantRow {
  const item = node.inventoryItem;
  return {
    id: tailId(node.id),
    productId: tailId(node.product.id),
    productTitle: node.product.title,
    variantTitle: node.title,
    sku: node.sku,
    vendor: node.product.vendor,
    productType: node.product.productType,
    productStatus: node.product.status,
    priceCents: decimalToMinorUnits(node.price, fractionDigits),
    unitCostCents: item.unitCost ? decimalToMinorUnits(item.unitCost.amount, fractionDigits) : null,
    inventoryItemId: tailId(item.id),
    levels,
  };
}

/** The whole catalog when it fits one page; null when it does not (read it in bulk instead). */
async function readCatalogPage(client: AdminClient, options: CatalogSyncOptions): Promise<VariantRow[] | null> {
  const data = await client.request<VariantsPageData, VariantsPageVariables>(VARIANTS_PAGE, { first: options.variantsPerPage ?? 25, after: null });
  if (data.productVariants.pageInfo.hasNextPage) return null;
  const rows: VariantRow[] = [];
  for (const node of data.productVariants.nodes) {
    const connection = node.inventoryItem.inventoryLevels;
    const levels = connection.nodes.map(levelRow);
    if (connection.pageInfo.hasNextPage) levels.push(...(await remainingLevels(client, node.inventoryItem.id, connection.pageInfo.endCursor)));
    rows.push(variantRow(node, levels, options.fractionDigits));
  }
  return rows;
}

async function readCatalogInBulk(client: AdminClient, options: CatalogSyncOptions): Promise<VariantRow[]> {
  const operation = await startBulkQuery(client, BULK_CATALOG.replace(/^#graphql\s*/, "").trim());
  const info = await options.awaitBulk(operation.id);
  if (!info || info.status !== "COMPLETED") throw new BulkExportFailedError(info?.status ?? "MISSING", info?.errorCode ?? null);
  if (!info.url) return [];
  const rows: VariantRow[] = [];
  // Level lines point at their owner: the inventory item (or the variant, depending on how the
  // export names the parent of a connection inside an inline object); both lead to the variant.
  const byOwner = new Map<string, VariantRow>();
  for await (const lines of streamBulkResultLines(options.shop, info.url, { fetch: options.fetch })) {
    for (const line of lines) {
      const row = JSON.parse(line) as (VariantsPageNode & { __parentId?: undefined }) | (InventoryLevelNode & { __parentId: string });
      if (row.__parentId === undefined) {
        const variant = variantRow(row as VariantsPageNode, [], options.fractionDigits);
        rows.push(variant);
        byOwner.set((row as VariantsPageNode).id, variant);
        byOwner.set((row as VariantsPageNode).inventoryItem.id, variant);
      } else {
        const owner = byOwner.get(row.__parentId);
        if (!owner) throw new Error(`Catalog export: inventory level of unknown parent ${row.__parentId}`);
        owner.levels.push(levelRow(row as InventoryLevelNode));
      }
    }
  }
  return rows;
}

export async function syncCatalog(client: AdminClient, store: SalesStore, options: CatalogSyncOptions): Promise<CatalogSyncResult> {
  const variants = (await readCatalogPage(client, options)) ?? (await readCatalogInBulk(client, options));
  const totalOf = (levels: readonly LevelRow[]): Quantities =>
    levels.reduce(
      (sum, l) => ({ available: sum.available + l.available, onHand: sum.onHand + l.onHand, incoming: sum.incoming + l.incoming, committed: sum.committed + l.committed }),
      { available: 0, onHand: 0, incoming: 0, committed: 0 },
    );
  const levelCount = variants.reduce((sum, v) => sum + v.levels.length, 0);
  const { shop, snapshotDay } = options;
  const syncedAt = sqlDateTime(options.nowMs);
  const deletedVariants = await store.write(async (tx) => {
    const upsertVariant = `INSERT INTO "Variant" ("shop", "id", "productId", "productTitle", "variantTitle", "sku", "vendor", "productType",
        "productStatus", "priceCents", "unitCostCents", "inventoryItemId", "available", "onHand", "incoming", "committed", "deletedAt", "syncedAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
      ON CONFLICT ("shop", "id") DO UPDATE SET "productId" = excluded."productId", "productTitle" = excluded."productTitle",
        "variantTitle" = excluded."variantTitle", "sku" = excluded."sku", "vendor" = excluded."vendor", "productType" = excluded."productType",
        "productStatus" = excluded."productStatus", "priceCents" = excluded."priceCents", "unitCostCents" = excluded."unitCostCents",
        "inventoryItemId" = excluded."inventoryItemId", "available" = excluded."available", "onHand" = excluded."onHand",
        "incoming" = excluded."incoming", "committed" = excluded."committed", "deletedAt" = NULL, "syncedAt" = excluded."syncedAt"`;
    const upsertSnapshot = `INSERT INTO "InventorySnapshot" ("shop", "variantId", "day", "available", "onHand", "incoming", "committed")
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT ("shop", "variantId", "day") DO UPDATE SET "available" = excluded."available", "onHand" = excluded."onHand",
        "incoming" = excluded."incoming", "committed" = excluded."committed"`;
    const totals = variants.map((v) => ({ v, t: totalOf(v.levels) }));
    await tx.runMany(
      upsertVariant,
      totals.map(({ v, t }) => [shop, v.id, v.productId, v.productTitle, v.variantTitle, v.sku, v.vendor, v.productType, v.productStatus,
        v.priceCents, v.unitCostCents, v.inventoryItemId, t.available, t.onHand, t.incoming, t.committed, syncedAt]),
    );
    await tx.runMany(upsertSnapshot, totals.map(({ v, t }) => [shop, v.id, snapshotDay, t.available, t.onHand, t.incoming, t.committed]));
    // Variants Shopify no longer lists were deleted there: keep them (their sales history refers
    // to them) but say so, with no stock.
    const deleted = await tx.run(
      `UPDATE "Variant" SET "deletedAt" = ?, "available" = 0, "onHand" = 0, "incoming" = 0, "committed" = 0
       WHERE "shop" = ? AND "deletedAt" IS NULL AND "syncedAt" < ?`,
      syncedAt, shop, syncedAt,
    );
    await tx.run(`DELETE FROM "InventoryLevel" WHERE "shop" = ?`, shop);
    // Location names need read_locations, which Backstop does not ask for: locationName stays "".
    await tx.runMany(
      `INSERT INTO "InventoryLevel" ("shop", "variantId", "locationId", "available", "onHand", "incoming", "committed") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      variants.flatMap((v) => v.levels.map((level) => [shop, v.id, level.locationId, level.available, level.onHand, level.incoming, level.committed])),
    );
    return deleted;
  });
  return {
    variants: variants.length,
    levels: levelCount,
    objectsRead: variants.length + levelCount,
    rowsWritten: variants.length * 2 + levelCount + deletedVariants,
    deletedVariants,
  };
}
