/**
 * Generates a shop's locations, products and variants, and the demand profile of each variant
 * that the order generator draws from (popularity, trend, when it can sell).
 */
import type { IdAllocator } from "./id-allocator";
import type { Rng } from "./rng";
import { AliasTable } from "./rng";
import { DAY_MS } from "./time-zone";
import type { ProductStatus, StoreLocation, StoreProduct, StoreVariant } from "./types";

export interface CatalogOptions {
  productCount: number;
  variantCount: number;
  locationCount: number;
  historyStartMs: number;
  historyEndMs: number;
}

/** How one variant sells over the history; index-aligned with Catalog.variants. */
export interface VariantDemand {
  /** Relative popularity; a Zipf law over products, so a few SKUs carry most of the revenue. */
  baseWeight: number;
  /** Relative change of demand across the whole history (+0.5 = 50% more at the end than the start). */
  trendSlope: number;
  /** First instant the variant can sell (its product launched). */
  activeFromMs: number;
  /** Instant it stops selling (archived, deleted); Infinity while it is on sale. */
  activeUntilMs: number;
}

export interface Catalog {
  locations: StoreLocation[];
  products: StoreProduct[];
  variants: StoreVariant[];
  demand: VariantDemand[];
  /** Product title by variant index (line items carry the product title). */
  productTitleByVariant: string[];
}

interface ProductKind {
  name: string;
  code: string;
  nouns: readonly string[];
  minPriceCents: number;
  maxPriceCents: number;
  apparel: boolean;
  /** How readily the kind comes in many variants. */
  breadth: number;
}

const KINDS: readonly ProductKind[] = [
  { name: "T-Shirt", code: "TEE", nouns: ["Tee", "Pocket Tee", "Crew Tee", "Long Sleeve Tee"], minPriceCents: 1800, maxPriceCents: 3800, apparel: true, breadth: 4 },
  { name: "Hoodie", code: "HOD", nouns: ["Hoodie", "Zip Hoodie", "Pullover"], minPriceCents: 4500, maxPriceCents: 9000, apparel: true, breadth: 4 },
  { name: "Sweater", code: "SWT", nouns: ["Sweater", "Cardigan", "Knit Crew"], minPriceCents: 5500, maxPriceCents: 12000, apparel: true, breadth: 3 },
  { name: "Hat", code: "HAT", nouns: ["Cap", "Beanie", "Bucket Hat"], minPriceCents: 1800, maxPriceCents: 3500, apparel: false, breadth: 2 },
  { name: "Socks", code: "SOK", nouns: ["Socks", "Hiking Socks", "Crew Socks"], minPriceCents: 800, maxPriceCents: 1800, apparel: true, breadth: 2 },
  { name: "Bag", code: "BAG", nouns: ["Backpack", "Tote", "Duffel", "Sling Bag"], minPriceCents: 4000, maxPriceCents: 14000, apparel: false, breadth: 2 },
  { name: "Drinkware", code: "BTL", nouns: ["Water Bottle", "Travel Mug", "Tumbler"], minPriceCents: 1600, maxPriceCents: 4000, apparel: false, breadth: 2 },
  { name: "Home", code: "HOM", nouns: ["Candle", "Throw Blanket", "Ceramic Mug", "Planter"], minPriceCents: 1200, maxPriceCents: 6500, apparel: false, breadth: 1.5 },
  { name: "Stationery", code: "STN", nouns: ["Notebook", "Sticker Pack", "Poster", "Pen Set"], minPriceCents: 600, maxPriceCents: 2400, apparel: false, breadth: 1 },
];

const ADJECTIVES: readonly string[] = [
  "Everyday", "Classic", "Trail", "Harbor", "Summit", "Coastal", "Canyon", "Meadow", "Alpine", "Urban",
  "Heritage", "Field", "Drift", "Ember", "Juniper", "Granite", "Willow", "Cedar", "Northern", "Lakeside",
];
const COLORS: readonly string[] = ["Black", "Navy", "Olive", "Sand", "Heather Grey", "Rust", "Forest", "Cream"];
const COLOR_CODES: readonly string[] = ["BLK", "NVY", "OLV", "SND", "HGR", "RST", "FST", "CRM"];
const SIZES: readonly string[] = ["XS", "S", "M", "L", "XL", "XXL"];
/** Mid sizes sell more than the extremes. */
const SIZE_SHARE: readonly number[] = [0.4, 0.9, 1.4, 1.3, 0.8, 0.35];
const VENDORS: readonly { name: string; weight: number }[] = [
  { name: "Northwind Supply", weight: 5 },
  { name: "Bluebird Textiles", weight: 3 },
  { name: "Pacific Goods Co.", weight: 2 },
  { name: "Ironbark Outfitters", weight: 2 },
  { name: "Lumen Home", weight: 1 },
  { name: "Kestrel Manufacturing", weight: 1 },
  { name: "Harbor & Pine", weight: 1 },
  { name: "Sable Works", weight: 1 },
];
const LOCATION_NAMES: readonly string[] = ["Main Warehouse", "Downtown Store", "East Coast 3PL", "West Coast 3PL", "Pop-up Shop"];

/** Zipf exponent over product rank; 1.1 gives top-20%-of-SKUs ≈ 70% of revenue on a 150-SKU shop. */
const ZIPF_EXPONENT = 1.1;

export function generateCatalog(rng: Rng, ids: IdAllocator, options: CatalogOptions): Catalog {
  const { productCount, variantCount, locationCount, historyStartMs, historyEndMs } = options;
  const spanMs = historyEndMs - historyStartMs;

  const locations: StoreLocation[] = [];
  for (let i = 0; i < locationCount; i += 1) {
    locations.push({ id: ids.next(), name: LOCATION_NAMES[i] ?? `Location ${i + 1}` });
  }

  const variantsPerProduct = distributeVariants(rng, productCount, variantCount);
  // Rank 1 is the bestseller; ranks are shuffled over products so the bestseller is not always product #1.
  const ranks = rng.shuffle(Array.from({ length: productCount }, (_, i) => i + 1));
  const vendorTable = new AliasTable(VENDORS.map((v) => v.weight));
  const usedTitles = new Set<string>();
  const usedHandles = new Set<string>();
  // Lifecycle variety only where there are enough products for it to look natural.
  const hasLifecycleVariety = productCount >= 10;

  const products: StoreProduct[] = [];
  const variants: StoreVariant[] = [];
  const demand: VariantDemand[] = [];
  const productTitleByVariant: string[] = [];

  for (let p = 0; p < productCount; p += 1) {
    const kind = rng.pick(KINDS);
    const title = uniqueTitle(`${rng.pick(ADJECTIVES)} ${rng.pick(kind.nouns)}`, usedTitles);
    const handle = uniqueHandle(slugify(title), usedHandles);
    const vendor = VENDORS[vendorTable.sample(rng)].name;
    const rank = ranks[p];
    // The bestsellers are established products that sell for the whole history.
    const isEstablished = rank <= 3 || !hasLifecycleVariety;
    let status: ProductStatus = "ACTIVE";
    let createdAt: number;
    let activeUntilMs = Number.POSITIVE_INFINITY;
    const lifecycle = rng.next();
    if (!isEstablished && lifecycle < 0.03) {
      status = "DRAFT";
      createdAt = historyEndMs - rng.int(1, 20) * DAY_MS;
    } else if (!isEstablished && lifecycle < 0.08) {
      status = "ARCHIVED";
      createdAt = historyStartMs - rng.int(30, 500) * DAY_MS;
      activeUntilMs = historyStartMs + Math.round(rng.range(0.3, 0.9) * spanMs);
    } else if (!isEstablished && lifecycle < 0.3) {
      // Launched during the history: no sales before its launch.
      createdAt = historyStartMs + Math.round(rng.range(0.05, 0.9) * spanMs);
    } else {
      createdAt = historyStartMs - rng.int(30, 700) * DAY_MS;
    }
    createdAt = wholeSecond(createdAt + rng.int(0, 86_399) * 1000);
    const activeFromMs = status === "DRAFT" ? Number.POSITIVE_INFINITY : createdAt;
    let productUpdatedAt = createdAt;
    if (status === "ARCHIVED") productUpdatedAt = wholeSecond(activeUntilMs);

    const basePriceCents = charmPrice(rng.int(kind.minPriceCents, kind.maxPriceCents));
    const productWeight = 1 / Math.pow(rank, ZIPF_EXPONENT);
    const optionTitles = variantTitles(kind, variantsPerProduct[p], rng);
    const shares = optionTitles.map((o) => o.share * rng.logNormal(0.35));
    const shareTotal = shares.reduce((a, b) => a + b, 0);
    const productId = ids.next();
    const variantIds: number[] = [];

    for (let v = 0; v < optionTitles.length; v += 1) {
      const option = optionTitles[v];
      // Larger sizes sometimes cost a little more, as on many apparel shops.
      const priceCents = option.sizeIndex >= 4 && rng.chance(0.5) ? basePriceCents + 200 : basePriceCents;
      const unitCostCents = rng.chance(0.08) ? null : Math.round(priceCents * rng.range(0.22, 0.5));
      const variantCreatedAt = v === 0 || rng.chance(0.8) ? createdAt : wholeSecond(Math.min(historyEndMs, createdAt + rng.int(1, 120) * DAY_MS));
      const variantUpdatedAt = wholeSecond(Math.max(variantCreatedAt, Math.min(historyEndMs, variantCreatedAt + rng.int(0, 300) * DAY_MS)));
      productUpdatedAt = Math.max(productUpdatedAt, variantUpdatedAt);
      const variantId = ids.next();
      variantIds.push(variantId);
      variants.push({
        id: variantId,
        productId,
        title: option.title,
        sku: `${vendor.slice(0, 3).toUpperCase()}-${kind.code}-${String(p + 1).padStart(4, "0")}${option.skuSuffix}`,
        priceCents,
        inventoryItemId: ids.next(),
        unitCostCents,
        inventory: [],
        deleted: false,
        createdAt: variantCreatedAt,
        updatedAt: variantUpdatedAt,
      });
      // About one variant in ten is an intermittent seller: far below its product's share.
      const intermittent = rng.chance(0.1) ? 0.08 : 1;
      demand.push({
        baseWeight: (productWeight * shares[v] * intermittent) / shareTotal,
        trendSlope: Math.max(-0.8, Math.min(1.5, rng.normal() * 0.45)),
        activeFromMs: Math.max(activeFromMs, variantCreatedAt),
        activeUntilMs,
      });
      productTitleByVariant.push(title);
    }

    products.push({
      id: productId,
      title,
      handle,
      vendor,
      productType: kind.name,
      status,
      createdAt,
      updatedAt: Math.min(historyEndMs, Math.max(createdAt, productUpdatedAt)),
      variantIds,
    });
  }

  return { locations, products, variants, demand, productTitleByVariant };
}

/** Every product gets one variant; the rest go preferentially to broad products (apparel). */
function distributeVariants(rng: Rng, productCount: number, variantCount: number): number[] {
  const counts = new Array<number>(productCount).fill(1);
  const breadth = Array.from({ length: productCount }, () => rng.logNormal(0.8));
  const table = new AliasTable(breadth);
  const maxPerProduct = COLORS.length * SIZES.length;
  for (let extra = variantCount - productCount; extra > 0; ) {
    const p = table.sample(rng);
    if (counts[p] < maxPerProduct) {
      counts[p] += 1;
      extra -= 1;
    }
  }
  return counts;
}

interface OptionTitle {
  title: string;
  skuSuffix: string;
  share: number;
  sizeIndex: number;
}

function variantTitles(kind: ProductKind, count: number, rng: Rng): OptionTitle[] {
  if (count === 1) return [{ title: "Default Title", skuSuffix: "", share: 1, sizeIndex: -1 }];
  const titles: OptionTitle[] = [];
  if (kind.apparel || count > COLORS.length) {
    // Colour × size: enough colours to hold `count` sizes, filled size-first per colour.
    const colorOffset = rng.int(0, COLORS.length - 1);
    for (let i = 0; i < count; i += 1) {
      const color = (colorOffset + Math.floor(i / SIZES.length)) % COLORS.length;
      const size = i % SIZES.length;
      titles.push({
        title: `${COLORS[color]} / ${SIZES[size]}`,
        skuSuffix: `-${COLOR_CODES[color]}-${SIZES[size]}`,
        share: SIZE_SHARE[size] * (color === colorOffset ? 1.6 : 1),
        sizeIndex: size,
      });
    }
    return titles;
  }
  const colorOffset = rng.int(0, COLORS.length - 1);
  for (let i = 0; i < count; i += 1) {
    const color = (colorOffset + i) % COLORS.length;
    titles.push({ title: COLORS[color], skuSuffix: `-${COLOR_CODES[color]}`, share: i === 0 ? 1.8 : 1, sizeIndex: -1 });
  }
  return titles;
}

/** Retail prices end in .00, .95 or .99. */
function charmPrice(cents: number): number {
  const dollars = Math.floor(cents / 100);
  const ending = [0, 95, 99][dollars % 3];
  return ending === 0 ? dollars * 100 : Math.max(1, dollars - 1) * 100 + ending;
}

function uniqueTitle(title: string, used: Set<string>): string {
  let candidate = title;
  for (let n = 2; used.has(candidate); n += 1) candidate = `${title} ${n}`;
  used.add(candidate);
  return candidate;
}

function uniqueHandle(handle: string, used: Set<string>): string {
  let candidate = handle;
  for (let n = 2; used.has(candidate); n += 1) candidate = `${handle}-${n}`;
  used.add(candidate);
  return candidate;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function wholeSecond(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}
