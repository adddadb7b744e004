import { z } from "zod";
import { intField, numberField } from "./form-fields";

/**
 * The merchant's planning dials (ShopSettings). Ranges keep the planning engine inside the
 * region its formulas are meant for (planning-math §7A).
 */
export const SettingsInput = z
  .object({
    serviceLevelPct: numberField("Service level", 50, 99.9, "%"),
    baselinePrimaryPct: intField("Default primary share", 50, 100, "%"),
    unhealthyPrimaryPct: intField("Primary share when the primary struggles", 30, 100, "%"),
    lateStreakPos: intField("Late purchase orders before shifting", 1, 20, "orders"),
    shiftStepPct: intField("Shift size", 1, 50, "percentage points"),
    maxShiftPct: intField("Largest total shift", 1, 70, "percentage points"),
    minBackupPct: intField("Smallest backup share", 0, 50, "%"),
    lateGraceDays: intField("Grace period", 0, 30, "days"),
    defectThresholdPct: numberField("Defect threshold", 0, 100, "%"),
    costImprovementPct: numberField("Cost improvement threshold", 0, 100, "%"),
    workingCapitalRatePct: numberField("Working-capital rate", 0, 200, "% a year"),
    depositPct: numberField("Deposit", 0, 100, "%"),
    paymentTermsDays: intField("Payment terms", 0, 365, "days"),
    syncHourLocal: intField("Daily sync hour", 0, 23),
  })
  .refine((s) => s.unhealthyPrimaryPct <= s.baselinePrimaryPct, {
    error: "The share when the primary struggles must not be above the default primary share",
    path: ["unhealthyPrimaryPct"],
  })
  .refine((s) => s.shiftStepPct <= s.maxShiftPct, {
    error: "Shift size cannot be larger than the largest total shift",
    path: ["shiftStepPct"],
  })
  .refine((s) => s.minBackupPct <= 100 - s.baselinePrimaryPct || s.baselinePrimaryPct === 100, {
    error: "Smallest backup share plus the default primary share cannot exceed 100%",
    path: ["minBackupPct"],
  });
export type SettingsInput = z.infer<typeof SettingsInput>;
export type SettingsField = keyof SettingsInput;
