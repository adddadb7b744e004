import { z } from "zod";

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/** The merchant's production-risk answers and switching friction for one SKU. */
export const RiskProfileInput = z.object({
  singleRegion: checkbox,
  capacityConstrained: checkbox,
  complexMaterials: checkbox,
  heavyManualSteps: checkbox,
  switchingFriction: z.enum(["low", "medium", "high"], { error: "Switching friction must be low, medium or high" }),
});
export type RiskProfileInput = z.infer<typeof RiskProfileInput>;
