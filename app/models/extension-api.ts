import { z } from "zod";

/**
 * The contract between the admin UI extensions (extensions/*) and the app routes they call
 * (app/routes/api.extensions.*). Browser-safe: the routes validate requests with these schemas,
 * and the extensions import the response types only (`import type`), so nothing here reaches
 * their bundles.
 */

/** Most products one bulk action accepts (the product index selects at most a few pages). */
export const MAX_EXTENSION_PRODUCTS = 2_000;

/**
 * A product as Shopify admin names it ("gid://shopify/Product/123") or its bare numeric id;
 * parsed to the numeric id, which is how the synced catalog stores it (Variant.productId).
 */
export const ProductIdInput = z
  .string({ error: "A product id must be text like gid://shopify/Product/123" })
  .trim()
  .regex(/^(?:gid:\/\/shopify\/Product\/)?\d{1,20}$/, { error: "A product id must look like gid://shopify/Product/123" })
  .transform((id) => id.slice(id.lastIndexOf("/") + 1));

export const EXTENSION_INTENTS = ["preview", "apply", "undo"] as const;
export type ExtensionIntent = (typeof EXTENSION_INTENTS)[number];

/** First pass over a bulk-action body: which of the three things it asks for. */
export const BulkSupplierIntent = z.object({
  intent: z.enum(EXTENSION_INTENTS, { error: 'intent must be "preview", "apply" or "undo"' }),
});

/**
 * A preview or apply request: the selected products and the change. `supplierId` and
 * `primaryPct` are checked by the in-app bulk edit's own schema (bulkEditInput), so both paths
 * give the same messages; only the envelope is checked here.
 */
export const BulkSupplierChangeRequest = z.object({
  intent: z.enum(["preview", "apply"]),
  productIds: z
    .array(ProductIdInput, { error: "productIds must be a list of product ids" })
    .min(1, { error: "Select at least one product" })
    .max(MAX_EXTENSION_PRODUCTS, { error: `Select at most ${MAX_EXTENSION_PRODUCTS.toLocaleString("en-US")} products at a time` }),
  role: z.enum(["primary", "backup"], { error: 'role must be "primary" or "backup"' }),
  supplierId: z.unknown().optional(),
  /** Primary share after the change, whole percent; absent or null keeps the current split. */
  primaryPct: z.unknown().optional(),
});
export type BulkSupplierChangeRequest = z.infer<typeof BulkSupplierChangeRequest>;

/** The request body the bulk action sends (also what the extension's tests assert it sends). */
export type BulkSupplierRequestBody =
  | {
      intent: "preview" | "apply";
      productIds: string[];
      role: "primary" | "backup";
      supplierId: string;
      /** Null keeps the split; text the merchant typed that is not a number is sent as typed, for the app to reject. */
      primaryPct: number | string | null;
    }
  | { intent: "undo" };

/** The supply block's query: ?productId=gid://shopify/Product/123 */
export const SupplyBlockQuery = z.object({
  productId: ProductIdInput,
});

// ---------------------------------------------------------------------------------------------
// Responses

/** Every 4xx answer: messages keyed by field ("form" for the request as a whole). */
export interface ExtensionApiError {
  errors: Record<string, string>;
}

/** GET /api/extensions/bulk-supplier: what the action's form offers. */
export interface BulkSupplierOptions {
  suppliers: Array<{ id: string; name: string }>;
  /** The shop's one undoable assignments change, if any (the in-app page offers the same undo). */
  undo: { description: string; skuCount: number } | null;
}

/** What a bulk change does (or did): the in-app bulk edit's summary, unchanged. */
export interface ExtensionBulkSummary {
  description: string;
  selectedCount: number;
  changeCount: number;
  skippedCount: number;
  changes: Array<{ variantId: string; label: string; summary: string }>;
  skipReasons: Array<{ reason: string; count: number; examples: string[] }>;
}

export type BulkSupplierResponse =
  | {
      intent: "preview" | "apply";
      /** Selected products that have variants in Backstop. */
      productCount: number;
      /** Selected products Backstop has not synced (yet): left out. */
      unsyncedProductCount: number;
      summary: ExtensionBulkSummary;
      /** Apply only: false when the recommendations are recalculated after the response. */
      replannedInline?: boolean;
    }
  | { intent: "undo"; description: string };

export const RISK_LEVELS = ["critical", "high", "medium", "low"] as const;
export type RiskLevelName = (typeof RISK_LEVELS)[number];

export interface SupplySupplier {
  name: string;
  allocationPct: number;
  leadTimeDays: number;
  stage: string;
}

export interface RecommendedSplit {
  /** split = primary + backup; single = primary only; pilot = primary + a pilot order; none = no qualified supplier. */
  action: "split" | "single" | "pilot" | "none";
  primaryPct: number;
  backupPct: number;
  /** One plain sentence with numbers (the planning engine's headline reason, in English). */
  reason: string;
}

export interface SupplyVariant {
  variantId: string;
  /** Variant title ("Blue / L"); the product title when the product has a single variant. */
  title: string;
  sku: string | null;
  /** The variant has synced sales (any DailySales row). */
  hasSales: boolean;
  /** Null until the variant has been planned (its first sync has not finished). */
  riskLevel: RiskLevelName | null;
  /** Null: no demand, so stock never runs out at this rate. */
  daysOfCover: number | null;
  leadTimeDays: number | null;
  /** The lead time is the shop default because no supplier gives one. */
  leadTimeAssumed: boolean;
  primary: SupplySupplier | null;
  backups: SupplySupplier[];
  /** The planning engine's recommended split and its headline reason; null until planned. */
  recommendedSplit: RecommendedSplit | null;
}

/** GET /api/extensions/supply-block?productId=… */
export interface SupplyBlockResponse {
  productId: string;
  productTitle: string;
  /** When the plan was computed (ISO); null before the first plan. */
  computedAt: string | null;
  hasSales: boolean;
  hasSuppliers: boolean;
  /** Every live variant, riskiest first. */
  variants: SupplyVariant[];
}
