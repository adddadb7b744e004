/**
 * Benchmark (not a test) for issue 6, the browser half of bench:web:
 * `tsx tests/bench/web-vitals.ts [--skus 10000] [--runs 5]`.
 *
 * Starts the demo server (tests/e2e/support/app-server.ts) on a shop seeded with N planned SKUs,
 * opens the overview and the SKU list in Debian's Chromium and reads, per load: largest
 * contentful paint (PerformanceObserver "largest-contentful-paint"), cumulative layout shift
 * (sum of "layout-shift" entries without recent input) and interaction to next paint,
 * approximated as the longest Event Timing entry of one click (overview: a click on the "Where
 * redundancy pays" card, which hydration must have made responsive; SKU list: a sort heading,
 * which loads the re-sorted page). The server runs `remix vite:dev` (unbundled modules),
 * so paint figures are pessimistic next to a production build.
 */
import { parseArgs } from "node:util";
import { startAppServer } from "../e2e/support/app-server";
import { launchBrowser, openPage } from "../e2e/support/browser";

const { values } = parseArgs({ options: { skus: { type: "string", default: "10000" }, runs: { type: "string", default: "5" } } });
const SKU_COUNT = Number(values.skus);
const RUNS = Number(values.runs);
const LIMITS = { lcpMs: 1500, cls: 0.1, inpMs: 200 };

const OBSERVE = `
  window.__vitals = { lcp: 0, cls: 0, inp: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__vitals.lcp = e.startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value; }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.interactionId) window.__vitals.inp = Math.max(window.__vitals.inp, e.duration); }).observe({ type: "event", buffered: true, durationThreshold: 16 });
`;

async function main() {
  const started = performance.now();
  const server = await startAppServer({
    seedShop: async (shop) => {
      const { seedSkuCatalog } = await import("../factories/sku-catalog");
      const { materialiseShopMetrics } = await import("../../app/models/sku-metrics.server");
      const lastDay = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await seedSkuCatalog(shop, { variantCount: SKU_COUNT, lastDay, salesDayDensity: 0.15 });
      await materialiseShopMetrics(shop);
    },
  });
  process.stdout.write(`server with ${SKU_COUNT.toLocaleString("en-US")} planned SKUs ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const browser = await launchBrowser();
  try {
    const pages = [
      { name: "overview", path: "/app", sortHeading: null as string | null },
      { name: "SKU list", path: "/app/skus", sortHeading: "Units/day" },
    ];
    // One untimed load of each page: Vite compiles modules on first request.
    for (const p of pages) {
      const warm = await openPage(browser);
      await warm.goto(`${server.origin}${p.path}`, { waitUntil: "networkidle" });
      await warm.close();
    }
    let withinLimits = true;
    for (const p of pages) {
      const lcp: number[] = [];
      const cls: number[] = [];
      const inp: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const page = await openPage(browser);
        await page.addInitScript(OBSERVE);
        await page.goto(`${server.origin}${p.path}`, { waitUntil: "networkidle" });
        if (p.sortHeading) {
          await page.getByRole("button", { name: p.sortHeading, exact: true }).click();
          await page.waitForURL(/sort=/);
          await page.waitForLoadState("networkidle");
        } else {
          await page.getByRole("heading", { name: "Where redundancy pays" }).click();
        }
        await page.waitForTimeout(300);
        const vitals = await page.evaluate(() => (window as unknown as { __vitals: { lcp: number; cls: number; inp: number } }).__vitals);
        lcp.push(vitals.lcp);
        cls.push(vitals.cls);
        inp.push(vitals.inp);
        await page.close();
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const row = { lcp: median(lcp), cls: median(cls), inp: median(inp) };
      const ok = row.lcp < LIMITS.lcpMs && row.cls < LIMITS.cls && row.inp < LIMITS.inpMs;
      withinLimits &&= ok;
      process.stdout.write(
        `${p.name.padEnd(10)} LCP ${row.lcp.toFixed(0)} ms · CLS ${row.cls.toFixed(3)} · INP ${row.inp.toFixed(0)} ms (${p.sortHeading ? "sort click" : "click"}) — median of ${RUNS}${ok ? "" : "  ← over a limit"}\n`,
      );
    }
    process.stdout.write(`limits: LCP < ${LIMITS.lcpMs} ms, CLS < ${LIMITS.cls}, INP < ${LIMITS.inpMs} ms: ${withinLimits ? "within" : "OVER"}\n`);
    process.exitCode = withinLimits ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`web-vitals failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
