import { afterAll, beforeAll, describe, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, gotoHydrated, launchBrowser, openPage } from "./support/browser";

// Crosses both halves of the merchant UI: a supplier created on the suppliers pages becomes a
// filter choice on the SKU list.
const origin = inject("appOrigin");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

describe("a merchant adding a supplier", () => {
  it("creates a supplier from the form and lands on its page", async () => {
    await gotoHydrated(page, `${origin}/app/suppliers/new`);
    await page.getByRole("heading", { name: "New supplier", exact: true }).waitFor();
    await expectAccessible(page, "supplier-new");
    await page.getByRole("textbox", { name: /^Name\*?$/ }).fill("Hanoi Stitch Co.");
    await page.getByLabel("Region").fill("Vietnam");
    await page.getByLabel("Default lead time").fill("35");
    await page.getByRole("button", { name: "Create supplier" }).click();
    await page.waitForURL(/\/app\/suppliers\/[^/]+$/);
    await page.getByRole("heading", { name: "Hanoi Stitch Co.", exact: true }).waitFor();
    await expectAccessible(page, "supplier-detail");
  });

  it("finds the new supplier among the SKU list's supplier filter choices", async () => {
    await gotoHydrated(page, `${origin}/app/skus`);
    await page.getByRole("heading", { name: "SKUs", exact: true }).waitFor();
    await page.getByRole("button", { name: "Add filter" }).click();
    await page.getByRole("button", { name: "Supplier", exact: true }).or(page.getByText("Supplier", { exact: true })).first().click();
    // Polaris draws its own radio over the input: click the choice's label, as a person would.
    await page.locator("label", { hasText: "Hanoi Stitch Co." }).click();
    await page.waitForURL(/supplier=/);
    // No SKU has the new supplier yet: the list says so instead of showing rows.
    await page.getByText("No SKUs match").waitFor();
    await expectAccessible(page, "skus-by-new-supplier");
  });
});
