import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, gotoHydrated, launchBrowser, openPage } from "./support/browser";

// The read-only flows of a merchant: see the ranked SKUs, narrow the list to one risk level, read one
// SKU's recommendation. Each page is screenshotted (tests/artifacts/e2e/) and checked with axe.
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

describe("a merchant reading Backstop", () => {
  it("opens the overview and sees headline figures and the SKUs where a backup pays", async () => {
    const response = await gotoHydrated(page, `${origin}/app`);
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { name: "Overview", exact: true }).waitFor();
    await expect(page.getByText("Last synced").first().isVisible()).resolves.toBe(true);
    for (const label of ["Revenue at risk", "SKUs at high or critical risk", "Need a backup, have none", "Cash tied in stock"]) {
      await expect(page.getByRole("heading", { name: label }).isVisible()).resolves.toBe(true);
    }
    const pays = page.getByRole("heading", { name: "Where redundancy pays" });
    await expect(pays.isVisible()).resolves.toBe(true);
    const addBackup = page.getByRole("link", { name: /Add a backup supplier for/ });
    expect(await addBackup.count()).toBeGreaterThan(0);
    // The Pareto chart mounts in the browser only; wait for its SVG before the screenshot.
    await page.locator("svg").first().waitFor();
    await expectAccessible(page, "overview");
  });

  it("filters the SKU list to one risk level from the filter bar, and the URL keeps the view", async () => {
    await page.getByRole("navigation", { name: "Backstop" }).getByRole("link", { name: "SKUs" }).click();
    await page.getByRole("heading", { name: "SKUs", exact: true }).waitFor();
    // The page's skeleton carries its title too: the rows say the page itself has arrived.
    await page.locator("tbody tr").first().waitFor();
    const rowsBefore = await page.locator("tbody tr").count();
    expect(rowsBefore).toBeGreaterThan(1);
    await expectAccessible(page, "skus");

    // The level of the SKU at the top of the list: which levels the shop has depends on what the
    // other journeys (run before or after this one) did to their own SKUs' suppliers.
    const topRow = (await page.locator("tbody tr").first().textContent()) ?? "";
    const level = /(Critical|High|Medium|Low) risk/.exec(topRow)?.[1];
    expect(level, topRow).toBeDefined();
    const label = `${level} risk`;

    // The filter pill (the table's sortable "Stockout risk" heading is a button too).
    await page.getByRole("button", { name: "Stockout risk", exact: true }).and(page.locator("[aria-expanded]")).click();
    // Click, not check(): the box reflects the URL, so it turns on once the filtered page loads.
    await page.getByRole("checkbox", { name: level, exact: true }).click();
    await page.waitForURL(new RegExp(`risk=${(level as string).toLowerCase()}`));
    await page.keyboard.press("Escape");
    // The filtered page has loaded once the subtitle counts matches instead of the whole shop.
    await page.getByText(/^[\d,]+ SKUs? match$/).waitFor();
    const badges = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.textContent ?? ""));
    expect(badges.length).toBeGreaterThan(0);
    expect(badges.every((text) => text.includes(label))).toBe(true);
    await expectAccessible(page, "skus-one-risk-level");

    // The view survives a reload: it lives in the URL.
    await page.reload();
    const again = await page.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.textContent ?? ""));
    expect(again).toEqual(badges);
  });

  it("opens a SKU from the list and reads its recommendation next to its sales chart", async () => {
    await gotoHydrated(page, `${origin}/app/skus`);
    const firstProduct = page.locator("tbody tr").first().getByRole("link");
    const title = (await firstProduct.locator("span").first().textContent())?.trim() ?? "";
    await firstProduct.click();
    await page.getByRole("heading", { name: title, exact: true }).waitFor();
    await page.getByRole("heading", { name: "Recommended split" }).waitFor();
    const explanation = page.getByRole("heading", { name: "Recommended split" }).locator("xpath=following::p[1]");
    expect(((await explanation.textContent()) ?? "").length).toBeGreaterThan(10);
    await page.getByRole("heading", { name: "Daily sales and forecast" }).waitFor();
    await page.locator("svg").first().waitFor();
    await expectAccessible(page, "sku-detail");
  });
});
