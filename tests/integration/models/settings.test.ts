import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { SettingsInput } from "~/models/settings.schema";
import { getSettings, replanShopInBackground, updateSettings } from "~/models/settings.server";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { seedVariants } from "./seed-catalog";

const SHOP = "alpha.myshopify.com";

const form = (over: Record<string, string> = {}) => ({
  serviceLevelPct: "95",
  baselinePrimaryPct: "80",
  unhealthyPrimaryPct: "70",
  lateStreakPos: "3",
  shiftStepPct: "10",
  maxShiftPct: "20",
  minBackupPct: "10",
  lateGraceDays: "2",
  defectThresholdPct: "5",
  costImprovementPct: "5",
  workingCapitalRatePct: "25",
  depositPct: "30",
  paymentTermsDays: "30",
  syncHourLocal: "3",
  ...over,
});

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: "bravo.myshopify.com" });
});

describe("settings", () => {
  it("saves the dials for this shop only and names the planning fields that changed", async () => {
    const result = await updateSettings(SHOP, SettingsInput.parse(form({ lateStreakPos: "2", syncHourLocal: "5" })));
    expect(result.changedPlanningFields).toEqual(["lateStreakPos"]);
    expect(await getSettings(SHOP)).toMatchObject({ lateStreakPos: 2, syncHourLocal: 5 });
    expect(await getSettings("bravo.myshopify.com")).toMatchObject({ lateStreakPos: 3, syncHourLocal: 3 });
  });

  it("rejects values out of range and inconsistent combinations, field by field", () => {
    const result = SettingsInput.safeParse(form({ serviceLevelPct: "100", lateStreakPos: "0", unhealthyPrimaryPct: "90", shiftStepPct: "30" }));
    const messages = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toMatchObject({
      serviceLevelPct: "Service level must be between 50 and 99.9 %",
      lateStreakPos: "Late purchase orders before shifting must be between 1 and 20 orders",
    });
    const combos = SettingsInput.safeParse(form({ unhealthyPrimaryPct: "90", shiftStepPct: "30" }));
    expect(combos.error?.issues.map((issue) => issue.path.join("."))).toEqual(["unhealthyPrimaryPct", "shiftStepPct"]);
  });

  it("re-plans the whole shop in the background after a change", async () => {
    await seedVariants(SHOP, 3);
    expect(await db.skuMetrics.count({ where: { shop: SHOP } })).toBe(0);
    await replanShopInBackground(SHOP);
    expect(await db.skuMetrics.count({ where: { shop: SHOP } })).toBe(3);
  });
});
