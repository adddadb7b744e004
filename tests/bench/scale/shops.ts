/**
 * The benchmark's shops: N generated stores of mixed size (most small, a few large, like the
 * installed base of a public app), spread over timezones with whole, half and three-quarter hour
 * offsets. Deterministic: the same N and seed give the same stores.
 */
import { generateStore, ID_BLOCK_SIZE, type StoreData } from "../../shopify-emulator/store";
import { Rng } from "../../shopify-emulator/store/rng";

export const SCALE_SCOPES = ["read_orders", "read_all_orders", "read_products", "read_inventory", "read_customers"];

const TIME_ZONES = ["UTC", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Australia/Adelaide", "Asia/Kathmandu", "Asia/Tokyo"];

/** Share of shops per size band, and each band's order count range. */
export const SIZE_BANDS = [
  { name: "micro", share: 0.5, orders: [20, 120], products: [2, 4] },
  { name: "small", share: 0.3, orders: [120, 800], products: [4, 12] },
  { name: "medium", share: 0.15, orders: [800, 3_000], products: [10, 30] },
  { name: "large", share: 0.05, orders: [3_000, 8_000], products: [20, 60] },
] as const;

export type SizeBand = (typeof SIZE_BANDS)[number]["name"];

export interface ScaleShop {
  store: StoreData;
  band: SizeBand;
}

export function scaleDomain(index: number): string {
  return `scale-${String(index).padStart(4, "0")}.myshopify.com`;
}

function bandFor(index: number, count: number): (typeof SIZE_BANDS)[number] {
  // Bands by position so every run has exactly the same mix (interleaved below by the shuffle).
  let upTo = 0;
  for (const band of SIZE_BANDS) {
    upTo += band.share * count;
    if (index < Math.round(upTo)) return band;
  }
  return SIZE_BANDS[SIZE_BANDS.length - 1];
}

/** Generates `count` stores whose history ends at `nowMs`. */
export function generateScaleShops(count: number, nowMs: number, seed = "scale"): ScaleShop[] {
  const rng = new Rng(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  // Mixed sizes in queue order, not all micro shops first.
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.map((bandIndex, i) => {
    const band = bandFor(bandIndex, count);
    const pick = (range: readonly [number, number]) => range[0] + Math.floor(rng.next() * (range[1] - range[0] + 1));
    const domain = scaleDomain(i);
    const store = generateStore({
      seed: `${seed}-${i}`,
      shop: { domain, accessToken: `shpat_scale_${i}`, ianaTimezone: TIME_ZONES[i % TIME_ZONES.length], scopes: SCALE_SCOPES },
      productCount: pick(band.products),
      orderCount: pick(band.orders),
      historyStartMs: nowMs - pick([120, 400]) * 86_400_000,
      historyEndMs: nowMs,
      linesPerOrderMean: 1.2 + rng.next() * 1.3,
      // Explicit blocks: a thousand domains hashed into blocks would eventually collide.
      idBase: (i + 1) * ID_BLOCK_SIZE,
    });
    return { store, band: band.name };
  });
}
