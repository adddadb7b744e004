/// <reference types="@shopify/ui-extensions/admin.product-details.block.render" />
import { getExtension } from "@shopify/ui-extensions-tester";
import { fireEvent, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SupplyBlockResponse, SupplyVariant } from "../../app/models/extension-api";
import { createAppBackend, deferred, localeTranslator, screenText, type StandInAnswer, type Translator } from "./admin-host";

const extension = getExtension("admin.product-details.block.render", { configSearchDir: "extensions/supply-block" });
const ENDPOINT = "/api/extensions/supply-block";
const PRODUCT = "gid://shopify/Product/50000";

let backend: ReturnType<typeof createAppBackend>;
let translator: Translator;

const variant = (fields: Partial<SupplyVariant>): SupplyVariant => ({
  variantId: "100000",
  title: "Blue",
  sku: "MUG-BLUE",
  hasSales: true,
  riskLevel: "critical",
  daysOfCover: 12.4,
  leadTimeDays: 45,
  leadTimeAssumed: false,
  primary: { name: "Shenzhen Works", allocationPct: 70, leadTimeDays: 45, stage: "active" },
  backups: [{ name: "Porto Fabrica", allocationPct: 30, leadTimeDays: 20, stage: "qualified" }],
  recommendedSplit: { action: "split", primaryPct: 60, backupPct: 40, reason: "Cover runs out 33 days before the next delivery; a 40% backup halves the lead time." },
  ...fields,
});

const supply = (fields: Partial<SupplyBlockResponse> = {}): SupplyBlockResponse => ({
  productId: "50000",
  productTitle: "Enamel mug",
  computedAt: "2026-11-27T03:00:00.000Z",
  hasSales: true,
  hasSuppliers: true,
  variants: [
    variant({}),
    variant({
      variantId: "100001",
      title: "Green",
      sku: null,
      riskLevel: "low",
      daysOfCover: null,
      leadTimeDays: 30,
      leadTimeAssumed: true,
      primary: null,
      backups: [],
      recommendedSplit: { action: "none", primaryPct: 100, backupPct: 0, reason: "No qualified supplier yet." },
    }),
  ],
  ...fields,
});

function answer(response: StandInAnswer) {
  backend.on("GET", ENDPOINT, () => response);
}

const links = () => [...document.querySelectorAll("s-link")].map((link) => ({ text: link.textContent, href: link.getAttribute("href") }));
const block = () => document.querySelector("s-admin-block");

beforeEach(() => {
  extension.setUp();
  backend = createAppBackend();
  extension.fetch = backend.fetch;
  translator = localeTranslator("supply-block");
  extension.shopify.i18n.translate = translator.translate;
  extension.shopify.data.selected = [{ id: PRODUCT }];
});

afterEach(() => {
  expect(translator.missingKeys).toEqual([]);
  extension.tearDown();
});

describe("the supply block on a product page", () => {
  it("asks the app for this product only, by its Shopify id, without naming the shop or a token", async () => {
    answer({ status: 200, body: supply() });
    await extension.render();
    await waitFor(() => expect(screenText()).toContain("Blue"));
    expect(backend.requests).toHaveLength(1);
    const [request] = backend.requests;
    expect(request).toMatchObject({ method: "GET", path: ENDPOINT });
    expect(Object.fromEntries(request.query)).toEqual({ productId: PRODUCT });
    expect(request.headers.has("Authorization")).toBe(false);
    expect(block()?.getAttribute("heading")).toBe("Supply (Backstop)");
  });

  it("shows a loading state until the app answers", async () => {
    const later = deferred<StandInAnswer>();
    backend.on("GET", ENDPOINT, () => later.promise);
    await extension.render();
    await waitFor(() => expect(document.querySelector("s-spinner")).not.toBeNull());
    expect(screenText()).toContain("Loading the supply plan…");
    later.resolve({ status: 200, body: supply() });
    await waitFor(() => expect(document.querySelector("s-spinner")).toBeNull());
  });

  it("shows each variant's risk badge, cover vs lead time, suppliers, recommended split with its reason, and a link to its SKU page", async () => {
    answer({ status: 200, body: supply() });
    await extension.render();
    await waitFor(() => expect(document.querySelectorAll("s-badge")).toHaveLength(2));
    const badges = [...document.querySelectorAll("s-badge")].map((badge) => [badge.textContent, badge.getAttribute("tone")]);
    expect(badges).toEqual([
      ["Critical risk", "critical"],
      ["Low risk", "success"],
    ]);
    const text = screenText();
    expect(text).toContain("Blue MUG-BLUE Critical risk");
    expect(text).toContain("12 days of cover vs 45 days lead time");
    expect(text).toContain("Primary: Shenzhen Works (70%) · Backup: Porto Fabrica (30%)");
    expect(text).toContain("Recommended 60/40. Cover runs out 33 days before the next delivery; a 40% backup halves the lead time.");
    // The second variant: no demand, assumed lead time, no suppliers.
    expect(text).toContain("No recent demand · 30 days (assumed) lead time");
    expect(text).toContain("No primary supplier · No backup");
    expect(text).toContain("No recommendation yet. No qualified supplier yet.");
    expect(links()).toEqual([
      { text: "Open in Backstop", href: "app:app/skus/100000" },
      { text: "Open in Backstop", href: "app:app/skus/100001" },
    ]);
    // Collapsed, the block still says how bad the worst variant is.
    expect(block()?.getAttribute("collapsedSummary") ?? block()?.getAttribute("collapsedsummary")).toBe("Critical risk");
  });

  it("names a variant that has not been planned yet instead of guessing its risk", async () => {
    answer({ status: 200, body: supply({ variants: [variant({ riskLevel: null, recommendedSplit: null })] }) });
    await extension.render();
    await waitFor(() => expect(document.querySelector("s-badge")?.textContent).toBe("Not planned yet"));
    expect(document.querySelector("s-badge")?.getAttribute("tone")).toBe("neutral");
    expect(screenText()).not.toContain("Recommended");
  });

  it("shows the riskiest five variants and links to the rest in Backstop", async () => {
    const many = Array.from({ length: 7 }, (_, i) => variant({ variantId: String(200 + i), title: `Size ${i + 1}` }));
    answer({ status: 200, body: supply({ variants: many }) });
    await extension.render();
    await waitFor(() => expect(document.querySelectorAll("s-badge")).toHaveLength(5));
    expect(screenText()).not.toContain("Size 6");
    expect(links().at(-1)).toEqual({ text: "2 more variants in Backstop", href: "app:app/skus?q=Enamel+mug" });
  });
});

describe("empty states", () => {
  it("says Backstop has not synced the product yet (404)", async () => {
    answer({ status: 404, body: { errors: { form: "Backstop has not synced this product yet: it appears after the next sync." } } });
    await extension.render();
    await waitFor(() => expect(document.querySelector("s-heading")?.textContent).toBe("Not in Backstop yet"));
    expect(screenText()).toContain("Backstop adds this product with its next sync");
    expect(document.querySelector("s-badge")).toBeNull();
  });

  it("says there are no synced sales yet, instead of showing an empty risk", async () => {
    answer({ status: 200, body: supply({ hasSales: false, variants: [variant({ hasSales: false })] }) });
    await extension.render();
    await waitFor(() => expect(document.querySelector("s-heading")?.textContent).toBe("No sales synced yet"));
    expect(document.querySelector("s-badge")).toBeNull();
    expect(links()).toEqual([{ text: "Open in Backstop", href: "app:app/skus?q=Enamel+mug" }]);
  });

  it("says the product has no suppliers yet and links to assigning them", async () => {
    answer({ status: 200, body: supply({ hasSuppliers: false, variants: [variant({ primary: null, backups: [] })] }) });
    await extension.render();
    await waitFor(() => expect(document.querySelector("s-heading")?.textContent).toBe("No suppliers yet"));
    expect(links()).toEqual([{ text: "Assign suppliers in Backstop", href: "app:app/assignments?query=Enamel+mug" }]);
  });

  it("says when the app could not answer, and tries again on request", async () => {
    answer({ status: 500, body: { errors: { form: "boom" } } });
    await extension.render();
    await waitFor(() => expect(document.querySelector('s-banner[tone="critical"]')?.getAttribute("heading")).toBe("The supply plan could not be loaded"));
    expect(screenText()).toContain("Backstop did not answer. Try again in a moment.");
    answer({ status: 200, body: supply() });
    fireEvent.click(document.querySelector("s-button")!);
    await waitFor(() => expect(document.querySelectorAll("s-badge")).toHaveLength(2));
    expect(backend.requests).toHaveLength(2);
  });

  it("asks for a reload when the session expired (401)", async () => {
    answer({ status: 401 });
    await extension.render();
    await waitFor(() => expect(screenText()).toContain("Your session expired. Reload the page."));
  });
});
