import { launchBrowser, openPage } from "./browser";

const PAGES = ["/app", "/app/skus", "/app/suppliers", "/app/suppliers/new", "/app/assignments", "/app/settings"];

/**
 * Opens every page once before the tests. On a fresh checkout Vite's dev server discovers and
 * pre-bundles client dependencies on the first visit to each route, then reloads the page; a test
 * that happened to be that first visit would see its page navigate away under it.
 */
export async function warmUpPages(origin: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await openPage(browser);
    for (let round = 0; round < 2; round += 1) {
      const paths = [...PAGES];
      for (const path of paths) {
        await page.goto(`${origin}${path}`, { waitUntil: "networkidle", timeout: 120_000 });
        if (path === "/app/skus") {
          const detail = await page.locator('a[href^="/app/skus/"]').first().getAttribute("href", { timeout: 10_000 }).catch(() => null);
          if (detail && !paths.includes(detail)) paths.push(detail);
        }
      }
    }
    // A reload triggered by the last optimisation lands within a moment of the last visit.
    await page.waitForTimeout(1_500);
  } finally {
    await browser.close();
  }
}
