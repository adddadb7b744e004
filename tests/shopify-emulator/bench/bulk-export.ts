/**
 * Benchmark (not a test): how long the emulator takes to produce a bulk orders export, and with how
 * much memory. Generates a preset store (default `bench`: 1,000,000 orders), starts the emulator
 * in-process, runs the backfill-shaped bulk query over HTTP, waits for COMPLETED, then downloads the
 * file over HTTP once (counting lines) to time the serving side too.
 *
 *   npx tsx tests/shopify-emulator/bench/bulk-export.ts [preset] [--grouped] [--no-download]
 *
 * Target: well under 20 s for 1,000,000 orders on the 2-core build machine, so the emulator never
 * dominates the sync benchmark.
 */
import { generatePreset, isPresetName } from "../store";
import { startEmulator } from "../server";

const NOW_MS = Date.parse("2026-11-27T12:00:00Z");
const MB = 1024 * 1024;

const BACKFILL_QUERY = `{
  orders(query: "processed_at:>='2025-05-01T00:00:00Z'", sortKey: UPDATED_AT) {
    edges { node {
      id name createdAt processedAt updatedAt cancelledAt test
      customer { id }
      lineItems { edges { node {
        id sku quantity currentQuantity
        variant { id sku }
        originalUnitPriceSet { shopMoney { amount currencyCode } }
        discountedTotalSet { shopMoney { amount currencyCode } }
      } } }
    } }
  }
}`;

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith("--")) ?? "bench";
  if (!isPresetName(name)) throw new Error(`Unknown preset "${name}"`);
  const grouped = args.includes("--grouped");

  let t = performance.now();
  // Order.customer needs read_customers (the Customer type's requirement in the schema).
  const store = generatePreset(name, {
    nowMs: NOW_MS,
    shop: { scopes: ["read_orders", "read_all_orders", "read_products", "read_inventory", "read_customers"] },
  });
  const lines = store.orders.reduce((sum, o) => sum + o.lines.length, 0);
  console.log(
    `generated ${name} in ${((performance.now() - t) / 1000).toFixed(1)} s: ${store.orders.length} orders, ${lines} line items; ` +
      `rss ${(process.memoryUsage().rss / MB).toFixed(0)} MB`,
  );
  const rssBeforeMb = process.memoryUsage().rss / MB;

  const emulator = await startEmulator({ stores: [store], now: () => NOW_MS });
  try {
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(emulator.graphqlUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": store.shop.accessToken },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data: Record<string, Record<string, unknown>> };
    };
    t = performance.now();
    const started = await call(
      `mutation($q: String!, $g: Boolean!) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id } userErrors { message } } }`,
      { q: BACKFILL_QUERY, g: grouped },
    );
    const payload = started.data.bulkOperationRunQuery as { bulkOperation: { id: string } | null; userErrors: unknown[] };
    if (!payload.bulkOperation) throw new Error(`bulk query refused: ${JSON.stringify(payload.userErrors)}`);
    // Poll like a client would, which also shows the server stays responsive while exporting.
    let polls = 0;
    let slowestPollMs = 0;
    let op: Record<string, unknown> = {};
    for (;;) {
      const p = performance.now();
      const answer = await call(`query($id: ID!) { bulkOperation(id: $id) { status errorCode objectCount rootObjectCount fileSize url } }`, {
        id: payload.bulkOperation.id,
      });
      slowestPollMs = Math.max(slowestPollMs, performance.now() - p);
      polls++;
      op = answer.data.bulkOperation;
      if (op.status !== "CREATED" && op.status !== "RUNNING") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const exportS = (performance.now() - t) / 1000;
    const sizeMb = Number(op.fileSize) / MB;
    console.log(
      `bulk export ${op.status}${op.errorCode ? ` (${op.errorCode})` : ""} in ${exportS.toFixed(1)} s: ${op.objectCount} objects (${op.rootObjectCount} roots), ${sizeMb.toFixed(0)} MB ` +
        `(${(sizeMb / exportS).toFixed(0)} MB/s); ${polls} polls, slowest ${slowestPollMs.toFixed(0)} ms; ` +
        `peak rss ${peakRssMb().toFixed(0)} MB (${(peakRssMb() - rssBeforeMb).toFixed(0)} MB above the loaded store)`,
    );

    if (!args.includes("--no-download") && typeof op.url === "string") {
      t = performance.now();
      const response = await fetch(op.url);
      if (!response.body) throw new Error("no body");
      let newlines = 0;
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
      }
      const downloadS = (performance.now() - t) / 1000;
      console.log(`download: ${newlines} lines, ${(bytes / MB).toFixed(0)} MB in ${downloadS.toFixed(1)} s (${(bytes / MB / downloadS).toFixed(0)} MB/s)`);
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
