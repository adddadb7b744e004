/**
 * Browser-safe parts of the SKU page's read model (sku-views.server.ts re-uses them): the
 * what-if limit and the shape of the production-risk answers.
 */
import type { RiskProfileInput } from "./risk-profile.schema";

export const WHAT_IF_MAX_DAYS = 180;

export const SWITCHING_FRICTIONS = ["low", "medium", "high"] as const;

export type SkuRiskAnswers = RiskProfileInput;

/**
 * The assignments page narrowed to one SKU, to add its backup in one step: `variant` names the SKU,
 * `query` is the assignments page's own search (SKU code, else title), so the row is on screen.
 */
export function addBackupPath(sku: { variantId: string; sku: string | null; title: string }): string {
  const params = new URLSearchParams({ variant: sku.variantId, query: sku.sku || sku.title });
  return `/app/assignments?${params.toString()}`;
}
