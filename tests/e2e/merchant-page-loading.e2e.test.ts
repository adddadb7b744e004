import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page, Route } from "playwright-core";
import { expectAccessible, gotoHydrated, launchBrowser, openPage } from "./support/browser";

// What a merchant sees between a click and the next page: that page's skeleton at once, never
// the old page (which could still be edited) and never a swap under a field being typed in.
// Each test holds the page's data request until it has looked, so a slow server is not needed.
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

/** Holds the requests matching `url` until `release()` is called. */
async function holdRequests(url: RegExp): Promise<{ held: Promise<void>; release: () => Promise<void> }> {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let seen = () => undefined as void;
  const held = new Promise<void>((resolve) => (seen = resolve));
  const handler = async (route: Route) => {
    seen();
    await released;
    await route.continue();
  };
  await page.route(url, handler);
  return {
    held,
    release: async () => {
      release();
      await page.unroute(url, handler);
    },
  };
}

describe("a merchant moving between pages", () => {
  it("sees the Assignments skeleton while that page loads, then the page", async () => {
    await gotoHydrated(page, `${origin}/app/settings`);
    await page.getByRole("heading", { name: "Settings", exact: true }).waitFor();
    const gate = await holdRequests(/\/app\/assignments\.data/);
    await page.getByRole("navigation", { name: "Backstop" }).getByRole("link", { name: "Assignments" }).click();
    await gate.held;
    const skeleton = page.getByRole("status", { name: "Page loading" });
    await skeleton.waitFor();
    await expect(skeleton.getByRole("heading", { name: "Assignments" }).isVisible()).resolves.toBe(true);
    // The settings form is gone while the next page loads: nothing on it can be changed unseen.
    await expect(page.getByLabel("Late purchase orders before shifting").count()).resolves.toBe(0);
    await expectAccessible(page, "skeleton-assignments");

    await gate.release();
    await page.getByRole("heading", { name: "Assignments", exact: true }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    await expect(skeleton.count()).resolves.toBe(0);
  });

  it("keeps the page and its search box while a search loads", async () => {
    const gate = await holdRequests(/\/app\/assignments\.data\?.*query=/);
    const search = page.getByPlaceholder("Search by SKU or product");
    await search.fill("Mug");
    await gate.held;
    await expect(page.getByRole("status", { name: "Page loading" }).count()).resolves.toBe(0);
    await expect(search.inputValue()).resolves.toBe("Mug");
    await gate.release();
    await page.waitForURL(/query=Mug/);
  });
});
