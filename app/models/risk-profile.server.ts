import db from "~/db.server";
import type { RiskProfileInput } from "./risk-profile.schema";

/** The merchant's production-risk answers for one SKU (defaults when never answered). */
export async function getRiskProfile(shop: string, variantId: string) {
  const row = await db.skuRiskProfile.findUnique({ where: { shop_variantId: { shop, variantId } } });
  return row ?? { shop, variantId, singleRegion: false, capacityConstrained: false, complexMaterials: false, heavyManualSteps: false, switchingFriction: "medium" };
}

/** Saves the answers; false when the variant is not this shop's. The caller replans the SKU. */
export async function saveRiskProfile(shop: string, variantId: string, input: RiskProfileInput): Promise<boolean> {
  const variant = await db.variant.findFirst({ where: { shop, id: variantId }, select: { id: true } });
  if (!variant) return false;
  await db.skuRiskProfile.upsert({ where: { shop_variantId: { shop, variantId } }, create: { shop, variantId, ...input }, update: input });
  return true;
}
