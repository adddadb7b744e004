import { describe, expect, it } from "vitest";
import { failureAction, failurePolicyTable } from "~/jobs/failure-policy";
import { describeFailure, BulkExportFailedError } from "~/sync/run-errors";
import { ShopifyAccessDeniedError, ShopifyShopUnavailableError, ShopifyUnavailableError, ShopifyUninstalledError, ShopifyUserError } from "~/shopify/errors";

// Which failed runs the queue retries and which go straight to the dead letters, from the same
// errors the sync records (describeFailure's codes), so the two can never drift apart.
describe("failureAction", () => {
  it.each([
    ["the app was uninstalled", new ShopifyUninstalledError("401", "s.myshopify.com", "x"), "dead-letter"],
    ["a scope is missing", new ShopifyAccessDeniedError("denied", "s.myshopify.com", "x", "read_orders"), "dead-letter"],
    ["the export was denied", new BulkExportFailedError("FAILED", "ACCESS_DENIED"), "dead-letter"],
    ["the shop is frozen", new ShopifyShopUnavailableError("402", "s.myshopify.com", "x", 402), "dead-letter"],
    ["Shopify answered 503 too long", new ShopifyUnavailableError("503", "s.myshopify.com", "x", 503), "retry"],
    ["the bulk limit was reached", new ShopifyUserError("s.myshopify.com", "bulkOperationRunQuery", [{ field: null, message: "limit", code: "LIMIT_REACHED" }]), "retry"],
    ["the export failed twice", new BulkExportFailedError("FAILED", "INTERNAL_SERVER_ERROR"), "retry"],
    ["something unexpected broke", new Error("connection reset"), "retry"],
  ])("%s → %s", (_label, error, action) => {
    expect(failureAction(describeFailure(error).code)).toBe(action);
  });

  it("retries codes it does not know (and runs without a code), so a new failure is never dropped silently", () => {
    expect(failureAction("something_new")).toBe("retry");
    expect(failureAction(null)).toBe("retry");
  });

  it("lists a reason for every code it decides", () => {
    for (const row of failurePolicyTable()) expect(row.why.length).toBeGreaterThan(10);
    expect(failurePolicyTable().filter((r) => r.action === "dead-letter").map((r) => r.errorCode).sort()).toEqual(["access_denied", "bulk_format", "shop_unavailable", "uninstalled"]);
  });
});
