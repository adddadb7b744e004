import { beforeEach, describe, expect, it } from "vitest";
import { RiskProfileInput } from "~/models/risk-profile.schema";
import { getRiskProfile, saveRiskProfile } from "~/models/risk-profile.server";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { seedVariants } from "./seed-catalog";

const SHOP = "alpha.myshopify.com";

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: "bravo.myshopify.com" });
  await seedVariants(SHOP, 2);
});

describe("SKU risk answers", () => {
  it("defaults to no risks and medium friction, then saves checkbox answers", async () => {
    expect(await getRiskProfile(SHOP, "1")).toMatchObject({ singleRegion: false, switchingFriction: "medium" });
    const input = RiskProfileInput.parse({ singleRegion: "on", complexMaterials: "on", switchingFriction: "high" });
    expect(await saveRiskProfile(SHOP, "1", input)).toBe(true);
    expect(await getRiskProfile(SHOP, "1")).toMatchObject({ singleRegion: true, capacityConstrained: false, complexMaterials: true, switchingFriction: "high" });
  });

  it("refuses a variant of another shop and an unknown friction", async () => {
    const input = RiskProfileInput.parse({ switchingFriction: "low" });
    expect(await saveRiskProfile("bravo.myshopify.com", "1", input)).toBe(false);
    expect(RiskProfileInput.safeParse({ switchingFriction: "extreme" }).error?.issues[0].message).toBe("Switching friction must be low, medium or high");
  });
});
