/**
 * Named store sizes. Every preset needs the caller's "now" (the end of the history); the seed and
 * shop fields can be overridden to run several distinct shops side by side.
 */
import type { GenerateOptions } from "./generator";
import { generateStore } from "./generator";
import type { CancellationStyle } from "./order-generator";
import { hashString32 } from "./rng";
import { DAY_MS } from "./time-zone";
import type { StoreData, StoreShop } from "./types";

export const PRESET_NAMES = ["toy", "small", "demo", "bench"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface PresetRequest {
  /** End of the generated history (epoch ms): the store's "now". */
  nowMs: number;
  /** Default: the preset's name. A different seed also gets a different default domain. */
  seed?: number | string;
  shop?: Partial<StoreShop>;
  idBase?: number;
  cancellationStyle?: CancellationStyle;
}

interface PresetShape {
  description: string;
  shop: Omit<StoreShop, "accessToken" | "scopes">;
  productCount: number;
  variantCount: number;
  orderCount: number;
  historyDays: number;
  locationCount: number;
  linesPerOrderMean: number;
  annualGrowthPct: number;
}

const PRESETS: Record<PresetName, PresetShape> = {
  toy: {
    description: "5 orders over a week, 2 products: for reading by eye",
    shop: { domain: "toy-backstop.myshopify.com", name: "Toy Shop", currencyCode: "USD", ianaTimezone: "America/New_York", planName: "Basic" },
    productCount: 2,
    variantCount: 3,
    orderCount: 5,
    historyDays: 7,
    locationCount: 1,
    linesPerOrderMean: 1.4,
    annualGrowthPct: 0,
  },
  small: {
    // Adelaide: a half-hour offset and southern-hemisphere DST, where UTC-day shortcuts break.
    description: "~20 products, 2,000 orders over 6 months in Australia/Adelaide: integration tests",
    shop: { domain: "small-backstop.myshopify.com", name: "Saltwater Supply", currencyCode: "AUD", ianaTimezone: "Australia/Adelaide", planName: "Shopify" },
    productCount: 20,
    variantCount: 50,
    orderCount: 2_000,
    historyDays: 182,
    locationCount: 2,
    linesPerOrderMean: 1.6,
    annualGrowthPct: 40,
  },
  demo: {
    description: "a DTC apparel shop: 60 products, 150 variants, 45,000 orders over 18 months",
    shop: { domain: "demo-backstop.myshopify.com", name: "Northbound Outfitters", currencyCode: "USD", ianaTimezone: "America/New_York", planName: "Shopify" },
    productCount: 60,
    variantCount: 150,
    orderCount: 45_000,
    historyDays: 548,
    locationCount: 3,
    linesPerOrderMean: 1.6,
    annualGrowthPct: 60,
  },
  bench: {
    description: "1,000,000 orders, ~3,000,000 line items, 5,000 variants over 2 years",
    shop: { domain: "bench-backstop.myshopify.com", name: "Ironbark Wholesale", currencyCode: "EUR", ianaTimezone: "Europe/Berlin", planName: "Shopify Plus" },
    productCount: 1_700,
    variantCount: 5_000,
    orderCount: 1_000_000,
    historyDays: 730,
    locationCount: 3,
    linesPerOrderMean: 3.2,
    annualGrowthPct: 50,
  },
};

export function describePreset(name: PresetName): string {
  return PRESETS[name].description;
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function presetOptions(name: PresetName, request: PresetRequest): GenerateOptions {
  const preset = PRESETS[name];
  if (!Number.isFinite(request.nowMs)) throw new RangeError(`Preset "${name}" needs a finite nowMs (got ${request.nowMs})`);
  const seed = request.seed ?? name;
  const defaultDomain = seed === name ? preset.shop.domain : `${name}-${hashString32(String(seed)).toString(36)}.myshopify.com`;
  return {
    seed,
    shop: { ...preset.shop, domain: defaultDomain, ...request.shop },
    productCount: preset.productCount,
    variantCount: preset.variantCount,
    orderCount: preset.orderCount,
    historyStartMs: request.nowMs - preset.historyDays * DAY_MS,
    historyEndMs: request.nowMs,
    locationCount: preset.locationCount,
    linesPerOrderMean: preset.linesPerOrderMean,
    annualGrowthPct: preset.annualGrowthPct,
    idBase: request.idBase,
    cancellationStyle: request.cancellationStyle,
  };
}

export function generatePreset(name: PresetName, request: PresetRequest): StoreData {
  return generateStore(presetOptions(name, request));
}
