import { afterEach, beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action, loader } from "~/routes/app.settings";
import { whenReplanned } from "~/models/settings.server";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { callRoute, formOf, signedRequest } from "./route-client";

const SHOP = "alpha.myshopify.com";

async function currentForm(): Promise<Record<string, string>> {
  const result = await callRoute<{ values: Record<string, string> }>(loader, await signedRequest(SHOP, "/app/settings"));
  return result.data.values;
}

// A save re-plans in the background; let it finish before the next test empties the database.
afterEach(() => whenReplanned(SHOP));

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
});

describe("/app/settings", () => {
  it("shows every dial with its saved value", async () => {
    expect(await currentForm()).toMatchObject({ serviceLevelPct: "95", lateStreakPos: "3", syncHourLocal: "3" });
  });

  it("saves valid dials and reports that recommendations are being recalculated", async () => {
    const result = await callRoute<{ saved: boolean; replanning: boolean }>(action, await signedRequest(SHOP, "/app/settings", { body: formOf({ ...(await currentForm()), lateStreakPos: "2" }) }));
    expect(result.data).toMatchObject({ saved: true, replanning: true });
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).lateStreakPos).toBe(2);
  });

  it("answers 422 with the error next to the field and saves nothing", async () => {
    const result = await callRoute<{ errors: Record<string, string> }>(action, await signedRequest(SHOP, "/app/settings", { body: formOf({ ...(await currentForm()), syncHourLocal: "24", lateStreakPos: "2" }) }));
    expect(result.status).toBe(422);
    expect(result.data.errors).toEqual({ syncHourLocal: "Daily sync hour must be between 0 and 23" });
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).lateStreakPos).toBe(3);
  });
});
