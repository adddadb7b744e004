/**
 * Benchmark: generate a preset store (default `bench`, 1,000,000 orders) and report wall time,
 * heap and peak RSS, then the time to compute its ground truth.
 *
 *   node_modules/.bin/tsx tests/bench/generate-store.ts [preset] [--ground-truth] [--export DIR]
 *   node_modules/.bin/node --expose-gc --import tsx tests/bench/generate-store.ts bench   (live heap after GC)
 *
 * Targets (from issue 3): `bench` generates in well under 30 s and under ~1.5 GB RSS.
 */
import { computeGroundTruth, generatePreset, isPresetName, writeStoreToFiles } from "../shopify-emulator/store";

const NOW_MS = Date.parse("2026-11-27T12:00:00Z");
const MB = 1024 * 1024;

/** Live heap after a full GC when run with --expose-gc (so garbage is not counted), else as is. */
function memory(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const m = process.memoryUsage();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return `heapUsed ${(m.heapUsed / MB).toFixed(0)} MB, rss ${(m.rss / MB).toFixed(0)} MB, peak rss ${peakRssMb.toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith("--")) ?? "bench";
  if (!isPresetName(name)) throw new Error(`Unknown preset "${name}"`);
  const exportIndex = args.indexOf("--export");
  console.log(`node ${process.version}; before: ${memory()}`);

  const started = performance.now();
  const store = generatePreset(name, { nowMs: NOW_MS });
  const generatedMs = performance.now() - started;
  const lineCount = store.orders.reduce((sum, o) => sum + o.lines.length, 0);
  console.log(
    `generate ${name}: ${(generatedMs / 1000).toFixed(2)} s — ${store.orders.length} orders, ${lineCount} line items, ` +
      `${store.variants.length} variants, ${store.products.length} products`,
  );
  console.log(`after generate: ${memory()}`);

  if (args.includes("--ground-truth")) {
    const t = performance.now();
    const truth = computeGroundTruth(store);
    console.log(`ground truth: ${((performance.now() - t) / 1000).toFixed(2)} s — ${truth.size} variant-days; ${memory()}`);
  }
  if (exportIndex >= 0) {
    const dir = args[exportIndex + 1];
    if (!dir) throw new Error("--export needs a directory");
    const t = performance.now();
    const files = await writeStoreToFiles(store, dir);
    console.log(`export: ${((performance.now() - t) / 1000).toFixed(2)} s → ${files.catalogPath}, ${files.ordersPath}; ${memory()}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
