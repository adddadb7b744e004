/**
 * Products, variants, inventory items, inventory levels with named quantities, and locations.
 * Deleted variants disappear from every catalog query (order lines still remember their ids).
 */
import { GraphQLError } from "graphql";
import { catalogGid, dateTime, moneyFromCents, unsignedInt64 } from "../format";
import { compileSearch, type SearchSpec } from "../search-query";
import type { StoreInventoryLevel, StoreLocation, StoreProduct, StoreVariant } from "../store/types";
import { idArgFor } from "./ids";
import {
  connection,
  defineType,
  reverseIf,
  simpleList,
  value,
  type Args,
  type OrderedList,
  type ResolveContext,
} from "./types";

export interface LevelSource {
  variant: StoreVariant;
  level: StoreInventoryLevel;
}

/** Quantity names ✅ [INV]; the store keeps four of them, the others are always 0 here. */
export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "incoming",
  "committed",
  "reserved",
  "damaged",
  "safety_stock",
  "quality_control",
] as const;

function quantityOf(level: StoreInventoryLevel, name: string): number {
  switch (name) {
    case "available":
      return level.available;
    case "on_hand":
      return level.onHand;
    case "incoming":
      return level.incoming;
    case "committed":
      return level.committed;
    default:
      return 0;
  }
}

function liveVariants(context: ResolveContext): StoreVariant[] {
  return context.shop.data.variants.filter((v) => !v.deleted);
}

function productOf(variant: StoreVariant, context: ResolveContext): StoreProduct {
  const product = context.shop.product(variant.productId);
  if (!product) throw new Error(`Store data: variant ${variant.id} points at missing product ${variant.productId}`);
  return product;
}

function searchEnvironment(context: ResolveContext) {
  return {
    nowMs: context.nowMs,
    ianaTimezone: context.shop.data.shop.ianaTimezone,
    strictComparisonsInclusive: context.behaviour.search.strictComparisonsInclusive,
  };
}

function searched<T>(
  items: readonly T[],
  query: unknown,
  spec: SearchSpec<T>,
  context: ResolveContext,
): { items: T[]; search?: OrderedList<T>["search"] } {
  if (typeof query !== "string" || query.trim() === "") return { items: [...items] };
  const compiled = compileSearch(query, spec, searchEnvironment(context));
  return { items: items.filter(compiled.matches), search: { query, warnings: compiled.warnings } };
}

function sortedList<T>(
  items: T[],
  key: (item: T) => number,
  sortValue: ((item: T) => number | string) | undefined,
  args: Args,
  search: OrderedList<T>["search"],
): OrderedList<T> {
  if (sortValue) {
    items.sort((a, b) => {
      const va = sortValue(a);
      const vb = sortValue(b);
      return va < vb ? -1 : va > vb ? 1 : key(a) - key(b);
    });
  } else {
    items.sort((a, b) => key(a) - key(b));
  }
  return reverseIf({ items, key, sortValue, search }, args.reverse);
}

const productSearch = (context: ResolveContext): SearchSpec<StoreProduct> => ({
  fields: {
    id: { type: "id", get: (p) => p.id },
    title: { type: "string", get: (p) => p.title },
    vendor: { type: "string", get: (p) => p.vendor },
    product_type: { type: "string", get: (p) => p.productType },
    status: { type: "string", get: (p) => p.status },
    handle: { type: "string", get: (p) => p.handle },
    created_at: { type: "time", get: (p) => p.createdAt },
    updated_at: { type: "time", get: (p) => p.updatedAt },
    sku: {
      type: "string",
      get: (p) => p.variantIds.map((id) => context.shop.variant(id)?.sku ?? null),
    },
  },
  freeText: (p) => p.title,
});

const variantSearch = (context: ResolveContext): SearchSpec<StoreVariant> => ({
  fields: {
    id: { type: "id", get: (v) => v.id },
    sku: { type: "string", get: (v) => v.sku },
    title: { type: "string", get: (v) => v.title },
    product_id: { type: "id", get: (v) => v.productId },
    product_status: { type: "string", get: (v) => productOf(v, context).status },
    vendor: { type: "string", get: (v) => productOf(v, context).vendor },
    updated_at: { type: "time", get: (v) => variantUpdatedAt(v, context) },
    created_at: { type: "time", get: (v) => variantCreatedAt(v, context) },
    inventory_quantity: { type: "number", get: (v) => totalAvailable(v) },
    location_id: { type: "string", get: (v) => v.inventory.map((l) => String(l.locationId)) },
  },
  freeText: (v) => `${productOf(v, context).title} ${v.title} ${v.sku ?? ""}`,
});

const inventoryItemSearch = (context: ResolveContext): SearchSpec<StoreVariant> => ({
  fields: {
    id: { type: "id", get: (v) => v.inventoryItemId },
    sku: { type: "string", get: (v) => v.sku },
    created_at: { type: "time", get: (v) => variantCreatedAt(v, context) },
    updated_at: { type: "time", get: (v) => variantUpdatedAt(v, context) },
  },
});

const locationSearch: SearchSpec<StoreLocation> = {
  fields: {
    id: { type: "id", get: (l) => l.id },
    name: { type: "string", get: (l) => l.name },
  },
  freeText: (l) => l.name,
};

/** Variant timestamps, falling back to the product's for stores that do not record them. */
function variantCreatedAt(variant: StoreVariant, context: ResolveContext): number {
  return variant.createdAt ?? productOf(variant, context).createdAt;
}

function variantUpdatedAt(variant: StoreVariant, context: ResolveContext): number {
  return variant.updatedAt ?? productOf(variant, context).updatedAt;
}

function levelUpdatedAt(source: LevelSource, context: ResolveContext): number {
  return source.level.updatedAt ?? variantUpdatedAt(source.variant, context);
}

function totalAvailable(variant: StoreVariant): number {
  let total = 0;
  for (const level of variant.inventory) total += level.available;
  return total;
}

function levelsOf(variant: StoreVariant): LevelSource[] {
  return variant.inventory.map((level) => ({ variant, level }));
}

function variantsOfProduct(product: StoreProduct, context: ResolveContext): StoreVariant[] {
  const variants: StoreVariant[] = [];
  for (const id of product.variantIds) {
    const variant = context.shop.variant(id);
    if (variant) variants.push(variant);
  }
  return variants;
}

export const catalogResolvers = [
  defineType<unknown>("QueryRoot", {
    products: connection((_root, args, context) => {
      const { items, search } = searched(context.shop.data.products, args.query, productSearch(context), context);
      const sortValue = PRODUCT_SORT[String(args.sortKey)];
      return sortedList(items, (p) => p.id, sortValue, args, search);
    }),
    product: value((_root, args, context) => {
      const id = idArgFor("Product", args.id);
      return id === null ? null : (context.shop.product(id) ?? null);
    }),
    productVariants: connection((_root, args, context) => {
      const { items, search } = searched(liveVariants(context), args.query, variantSearch(context), context);
      const sortValue = variantSortValue(String(args.sortKey), context);
      return sortedList(items, (v) => v.id, sortValue, args, search);
    }),
    productVariant: value((_root, args, context) => {
      const id = idArgFor("ProductVariant", args.id);
      return id === null ? null : (context.shop.variant(id) ?? null);
    }),
    inventoryItems: connection((_root, args, context) => {
      const { items, search } = searched(liveVariants(context), args.query, inventoryItemSearch(context), context);
      return sortedList(items, (v) => v.inventoryItemId, undefined, args, search);
    }),
    inventoryItem: value((_root, args, context) => {
      const id = idArgFor("InventoryItem", args.id);
      return id === null ? null : (context.shop.variantByInventoryItem(id) ?? null);
    }),
    locations: connection((_root, args, context) => {
      const { items, search } = searched(context.shop.data.locations, args.query, locationSearch, context);
      const sortValue = args.sortKey === "ID" ? undefined : (l: StoreLocation) => l.name.toLowerCase();
      return sortedList(items, (l) => l.id, sortValue, args, search);
    }),
    location: value((_root, args, context) => {
      if (args.id === undefined || args.id === null) return context.shop.data.locations[0] ?? null;
      const id = idArgFor("Location", args.id);
      return id === null ? null : (context.shop.location(id) ?? null);
    }),
  }),

  defineType<StoreProduct>("Product", {
    id: value((p) => catalogGid("Product", p.id)),
    legacyResourceId: value((p) => unsignedInt64(p.id)),
    title: value((p) => p.title),
    handle: value((p) => p.handle),
    vendor: value((p) => p.vendor),
    productType: value((p) => p.productType),
    status: value((p) => p.status),
    createdAt: value((p) => dateTime(p.createdAt)),
    updatedAt: value((p) => dateTime(p.updatedAt)),
    totalInventory: value((p, _args, context) =>
      variantsOfProduct(p, context).reduce((sum, v) => sum + totalAvailable(v), 0),
    ),
    variantsCount: value((p, _args, context) => ({ count: variantsOfProduct(p, context).length, precision: "EXACT" })),
    variants: connection((p, args, context) => {
      const variants = variantsOfProduct(p, context);
      const position = new Map(p.variantIds.map((id, index) => [id, index]));
      const sortValue =
        args.sortKey === "ID" ? undefined : (variantSortValue(String(args.sortKey), context) ?? ((v: StoreVariant) => position.get(v.id) ?? 0));
      return sortedList(variants, (v) => v.id, sortValue, args, undefined);
    }),
  }),

  defineType<StoreVariant>("ProductVariant", {
    id: value((v) => catalogGid("ProductVariant", v.id)),
    legacyResourceId: value((v) => unsignedInt64(v.id)),
    sku: value((v) => v.sku),
    title: value((v) => v.title),
    displayName: value((v, _args, context) => `${productOf(v, context).title} - ${v.title}`),
    price: value((v) => moneyFromCents(v.priceCents)),
    compareAtPrice: value(() => null),
    position: value((v, _args, context) => productOf(v, context).variantIds.indexOf(v.id) + 1),
    product: value((v, _args, context) => productOf(v, context)),
    inventoryItem: value((v) => v),
    inventoryQuantity: value((v) => totalAvailable(v)),
    createdAt: value((v, _args, context) => dateTime(variantCreatedAt(v, context))),
    updatedAt: value((v, _args, context) => dateTime(variantUpdatedAt(v, context))),
  }),

  defineType<StoreVariant>("InventoryItem", {
    id: value((v) => catalogGid("InventoryItem", v.inventoryItemId)),
    legacyResourceId: value((v) => unsignedInt64(v.inventoryItemId)),
    sku: value((v) => v.sku),
    tracked: value(() => true),
    requiresShipping: value(() => true),
    unitCost: value((v) => v.unitCostCents),
    createdAt: value((v, _args, context) => dateTime(variantCreatedAt(v, context))),
    updatedAt: value((v, _args, context) => dateTime(variantUpdatedAt(v, context))),
    variant: value((v) => v),
    variants: connection((v) => simpleList([v], (x) => x.id)),
    inventoryLevels: connection((v, args) => reverseIf(simpleList(levelsOf(v), (l) => l.level.locationId), args.reverse)),
    inventoryLevel: value((v, args) => {
      const locationId = idArgFor("Location", args.locationId);
      return levelsOf(v).find((l) => l.level.locationId === locationId) ?? null;
    }),
  }),

  defineType<LevelSource>("InventoryLevel", {
    id: value(({ variant, level }) => `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${variant.inventoryItemId}`),
    isActive: value(() => true),
    canDeactivate: value(() => true),
    location: value(({ level }, _args, context) => {
      const location = context.shop.location(level.locationId);
      if (!location) throw new Error(`Store data: inventory level at missing location ${level.locationId}`);
      return location;
    }),
    item: value(({ variant }) => variant),
    createdAt: value(({ variant }, _args, context) => dateTime(variantCreatedAt(variant, context))),
    updatedAt: value((source, _args, context) => dateTime(levelUpdatedAt(source, context))),
    quantities: value((source, args, context) => {
      const { variant, level } = source;
      const names = Array.isArray(args.names) ? (args.names as string[]) : [];
      const updatedAt = dateTime(levelUpdatedAt(source, context));
      return names.map((name) => {
        if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
          // ❓ exact wording unverified; an unknown name is an argument error.
          throw new GraphQLError(`'${name}' is not a valid inventory quantity name. Valid names: ${QUANTITY_NAMES.join(", ")}.`, {
            extensions: { code: "BAD_REQUEST" },
          });
        }
        return {
          id: `gid://shopify/InventoryQuantity/${level.locationId}?inventory_item_id=${variant.inventoryItemId}&name=${name}`,
          name,
          quantity: quantityOf(level, name),
          updatedAt,
        };
      });
    }),
  }),

  defineType<StoreLocation>("Location", {
    id: value((l) => catalogGid("Location", l.id)),
    legacyResourceId: value((l) => unsignedInt64(l.id)),
    name: value((l) => l.name),
    isActive: value(() => true),
    isPrimary: value((l, _args, context) => context.shop.data.locations[0]?.id === l.id),
    fulfillsOnlineOrders: value(() => true),
    shipsInventory: value(() => true),
    inventoryLevels: connection((l, args, context) => {
      const levels: LevelSource[] = [];
      for (const variant of liveVariants(context)) {
        for (const level of variant.inventory) if (level.locationId === l.id) levels.push({ variant, level });
      }
      return reverseIf(simpleList(levels, (x) => x.variant.inventoryItemId), args.reverse);
    }),
  }),
];

const PRODUCT_SORT: Record<string, ((p: StoreProduct) => number | string) | undefined> = {
  ID: undefined,
  TITLE: (p) => p.title.toLowerCase(),
  VENDOR: (p) => p.vendor.toLowerCase(),
  PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
};

function variantSortValue(
  sortKey: string,
  context: ResolveContext,
): ((v: StoreVariant) => number | string) | undefined {
  switch (sortKey) {
    case "SKU":
      return (v) => v.sku ?? "";
    case "TITLE":
      return (v) => v.title.toLowerCase();
    case "NAME":
    case "FULL_TITLE":
      return (v) => `${productOf(v, context).title} - ${v.title}`.toLowerCase();
    case "INVENTORY_QUANTITY":
    case "INVENTORY_LEVELS_AVAILABLE":
      return (v) => totalAvailable(v);
    default:
      return undefined; // ID, and sort keys the store has no data for (POPULAR, RELEVANCE, …)
  }
}
