/**
 * Merchants loading the overview, in a process of its own so the emulator's work in the parent
 * cannot delay the measurement: N concurrent merchants, each opening the app's overview as the
 * Shopify admin does (a document request with a fresh session token as id_token), pausing
 * 0.5–1.5 s, and opening it again, until SIGTERM. Then prints one JSON line with the latencies.
 * Not a test.
 *
 *   tsx tests/bench/scale/merchants.ts <origin> <concurrency> <shop,shop,…>
 */
import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";

const [origin, concurrencyText, shopList] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const shops = shopList.split(",");
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

const latenciesMs: number[] = [];
const statuses: Record<string, number> = {};
let stopping = false;

async function loadOverview(shop: string): Promise<void> {
  const name = shop.replace(".myshopify.com", "");
  const { token } = await getJwt(name, API_KEY, API_SECRET_KEY);
  const host = Buffer.from(`admin.shopify.com/store/${name}`).toString("base64url");
  const started = performance.now();
  let status = "error";
  try {
    const response = await fetch(`${origin}/app?embedded=1&shop=${shop}&host=${host}&id_token=${token}`, { headers: { "User-Agent": UA }, redirect: "manual" });
    await response.text();
    status = String(response.status);
  } finally {
    latenciesMs.push(performance.now() - started);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

async function merchant(index: number): Promise<void> {
  // Spread the first loads over a second instead of 50 at the same instant.
  await new Promise((resolve) => setTimeout(resolve, (index * 1000) / concurrency));
  for (let visit = 0; !stopping; visit += 1) {
    await loadOverview(shops[(index + visit * concurrency) % shops.length]).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const running = Array.from({ length: concurrency }, (_, i) => merchant(i));
process.on("SIGTERM", () => {
  stopping = true;
  void Promise.all(running).then(() => {
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    process.stdout.write(
      `${JSON.stringify({ requests: sorted.length, statuses, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0) })}\n`,
    );
    process.exit(0);
  });
});
process.stdout.write("ready\n");
