/**
 * Deterministic store generator: the same options (seed included) give the same StoreData on
 * every run and machine. Nothing here reads the clock; callers pass the history's end.
 */
import { generateCatalog, slugify } from "./catalog-generator";
import { claimIdBlock, IdAllocator, idBaseForDomain } from "./id-allocator";
import { generateInventory } from "./inventory-generator";
import type { CancellationStyle, RealismRates } from "./order-generator";
import { DEFAULT_RATES, generateOrders } from "./order-generator";
import { hashString32, Rng } from "./rng";
import { DEFAULT_SCOPES } from "./shop-defaults";
import { assertValidTimeZone, createShopClock } from "./time-zone";
import type { StoreData, StoreShop } from "./types";

export interface GenerateOptions {
  /** Everything random derives from it. */
  seed: number | string;
  /** Overrides for the shop record; unspecified fields are derived from the seed. */
  shop?: Partial<StoreShop>;
  productCount: number;
  /** Total variants, ≥ productCount (default 2.5 per product). */
  variantCount?: number;
  orderCount: number;
  /** First instant orders can be placed (epoch ms). */
  historyStartMs: number;
  /** "Now" for the store: the last instant anything happened (epoch ms). */
  historyEndMs: number;
  /** Default 2. */
  locationCount?: number;
  /** Mean line items per order (default 1.6, a typical DTC basket). */
  linesPerOrderMean?: number;
  /** Year-over-year growth of the order rate in percent (default 60). */
  annualGrowthPct?: number;
  rates?: Partial<RealismRates>;
  /** Share of on-sale variants out of stock at the end (default 0.08). */
  outOfStockRate?: number;
  /** Default "restock" (see CancellationStyle). */
  cancellationStyle?: CancellationStyle;
  /**
   * Force at least one of each realism feature (refund, cancellation, test order, edit, imported
   * orders, near-midnight and DST-boundary orders, a deleted variant, a SKU-less variant).
   * Default: on when orderCount ≥ 200.
   */
  guaranteeFeatures?: boolean;
  /** First id of this shop's id block (default derived from the domain; see id-allocator.ts). */
  idBase?: number;
}

const SHOP_NAMES = ["Juniper & Oak", "Trailhead Goods", "Saltwater Supply", "Ember Lane", "Fieldnotes Co.", "Northbound Outfitters"];
const DOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function generateStore(options: GenerateOptions): StoreData {
  validateOptions(options);
  const root = new Rng(options.seed);
  const shopRng = root.fork("shop");
  const catalogRng = root.fork("catalog");
  const orderRng = root.fork("orders");
  const inventoryRng = root.fork("inventory");

  const shop = buildShop(options, shopRng);
  const idBase = options.idBase ?? idBaseForDomain(shop.domain);
  claimIdBlock(shop.domain, idBase);
  const ids = new IdAllocator(idBase);
  const clock = createShopClock(shop.ianaTimezone);

  const productCount = options.productCount;
  const variantCount = options.variantCount ?? Math.round(productCount * 2.5);
  const guaranteeFeatures = options.guaranteeFeatures ?? options.orderCount >= 200;
  const catalog = generateCatalog(catalogRng, ids, {
    productCount,
    variantCount,
    locationCount: options.locationCount ?? 2,
    historyStartMs: options.historyStartMs,
    historyEndMs: options.historyEndMs,
  });

  const ranked = catalog.variants.map((_, i) => i).sort((a, b) => catalog.demand[b].baseWeight - catalog.demand[a].baseWeight || a - b);
  const hasEnoughCatalog = guaranteeFeatures || productCount >= 10;
  // A mid-ranked variant of an established multi-variant product is deleted late in the history;
  // its earlier order lines then carry variant null and keep their SKU.
  let deletedVariantIndex: number | null = null;
  let deletedAtMs = 0;
  if (hasEnoughCatalog) {
    const productById = new Map(catalog.products.map((p) => [p.id, p] as const));
    const candidates = ranked.filter((i, position) => {
      const product = productById.get(catalog.variants[i].productId);
      const d = catalog.demand[i];
      return product !== undefined && product.status === "ACTIVE" && product.variantIds.length >= 2 && d.activeFromMs < options.historyStartMs && d.activeUntilMs === Number.POSITIVE_INFINITY && position >= 3;
    });
    if (candidates.length > 0) {
      deletedVariantIndex = candidates[Math.floor(candidates.length * 0.3)];
      deletedAtMs = Math.floor((options.historyStartMs + 0.8 * (options.historyEndMs - options.historyStartMs)) / 1000) * 1000;
      catalog.demand[deletedVariantIndex].activeUntilMs = deletedAtMs;
    }
    // Shopify allows variants without a SKU; one slow seller has none.
    const skuless = ranked[ranked.length - 1];
    if (skuless !== deletedVariantIndex && ranked.length >= 4) catalog.variants[skuless].sku = null;
  }

  const { orders, recentUnitsByVariant } = generateOrders(orderRng, ids, clock, catalog.variants, catalog.demand, catalog.productTitleByVariant, {
    orderCount: options.orderCount,
    historyStartMs: options.historyStartMs,
    historyEndMs: options.historyEndMs,
    linesPerOrderMean: options.linesPerOrderMean ?? 1.6,
    annualGrowth: (options.annualGrowthPct ?? 60) / 100,
    rates: { ...DEFAULT_RATES, ...options.rates },
    cancellationStyle: options.cancellationStyle ?? "restock",
    guaranteeFeatures,
    deletedVariantIndex,
  });

  if (deletedVariantIndex !== null) {
    const variant = catalog.variants[deletedVariantIndex];
    variant.deleted = true;
    variant.updatedAt = Math.max(variant.updatedAt ?? 0, deletedAtMs);
    const product = catalog.products.find((p) => p.id === variant.productId);
    if (product) {
      product.variantIds = product.variantIds.filter((id) => id !== variant.id);
      product.updatedAt = Math.max(product.updatedAt, deletedAtMs);
    }
  }

  generateInventory(inventoryRng, catalog.locations, catalog.products, catalog.variants, catalog.demand, recentUnitsByVariant, {
    historyEndMs: options.historyEndMs,
    outOfStockRate: options.outOfStockRate ?? 0.08,
  });

  return { shop, locations: catalog.locations, products: catalog.products, variants: catalog.variants, orders };
}

function buildShop(options: GenerateOptions, rng: Rng): StoreShop {
  const given = options.shop ?? {};
  const name = given.name ?? rng.pick(SHOP_NAMES);
  const seedTag = hashString32(String(options.seed)).toString(36);
  let token = "shpat_";
  for (let i = 0; i < 4; i += 1) token += rng.nextUint32().toString(16).padStart(8, "0");
  const shop: StoreShop = {
    domain: given.domain ?? `${slugify(name)}-${seedTag}.myshopify.com`,
    name,
    currencyCode: given.currencyCode ?? "USD",
    ianaTimezone: given.ianaTimezone ?? "America/New_York",
    planName: given.planName ?? "Shopify",
    accessToken: given.accessToken ?? token,
    scopes: given.scopes ? [...given.scopes] : [...DEFAULT_SCOPES],
  };
  if (!DOMAIN_PATTERN.test(shop.domain)) throw new RangeError(`shop.domain "${shop.domain}" must look like "name.myshopify.com" (lower case)`);
  if (!/^[A-Z]{3}$/.test(shop.currencyCode)) throw new RangeError(`shop.currencyCode "${shop.currencyCode}" must be a 3-letter ISO 4217 code`);
  assertValidTimeZone(shop.ianaTimezone);
  return shop;
}

function validateOptions(options: GenerateOptions): void {
  const problems: string[] = [];
  const count = (name: string, value: number | undefined, min: number): void => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) problems.push(`${name} must be an integer ≥ ${min} (got ${value})`);
  };
  count("productCount", options.productCount, 1);
  count("orderCount", options.orderCount, 0);
  count("locationCount", options.locationCount, 0);
  count("variantCount", options.variantCount, options.productCount);
  if (!Number.isFinite(options.historyStartMs) || !Number.isFinite(options.historyEndMs) || options.historyEndMs <= options.historyStartMs) {
    problems.push(`historyEndMs (${options.historyEndMs}) must be a finite epoch-ms time after historyStartMs (${options.historyStartMs})`);
  }
  if (options.linesPerOrderMean !== undefined && !(options.linesPerOrderMean >= 1 && options.linesPerOrderMean <= 10)) {
    problems.push(`linesPerOrderMean must be between 1 and 10 (got ${options.linesPerOrderMean})`);
  }
  if (options.annualGrowthPct !== undefined && !(options.annualGrowthPct > -100 && options.annualGrowthPct <= 1000)) {
    problems.push(`annualGrowthPct must be in (-100, 1000] (got ${options.annualGrowthPct})`);
  }
  if (options.outOfStockRate !== undefined && !(options.outOfStockRate >= 0 && options.outOfStockRate <= 1)) {
    problems.push(`outOfStockRate must be in [0, 1] (got ${options.outOfStockRate})`);
  }
  for (const [name, value] of Object.entries(options.rates ?? {})) {
    if (!(name in DEFAULT_RATES)) problems.push(`rates.${name} is not a known rate (${Object.keys(DEFAULT_RATES).join(", ")})`);
    else if (!(typeof value === "number" && value >= 0 && value <= 1)) problems.push(`rates.${name} must be in [0, 1] (got ${String(value)})`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid store generator options: ${problems.join("; ")}`);
}
