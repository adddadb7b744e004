import fs from "node:fs";

/**
 * What the benchmarks' measured child processes (sync-child.ts, replan-child.ts) read about
 * themselves, and the app configuration they run with.
 */

/** CPU time this process used (user + system), ms: comparable even when other processes compete. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
}

/**
 * Peak RSS of this process's own memory (VmHWM), MB. Not getrusage's maxRSS (process.resourceUsage):
 * on Linux that carries the RSS a process had when it was forked across exec, so a child of a
 * large parent reports the parent's size.
 */
export function peakRssMb(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
  if (!match) throw new Error("no VmHWM in /proc/self/status (the benchmark measures memory on Linux)");
  return Math.round(Number(match[1]) / 1024);
}

/** Resets the VmHWM mark (writing 5 to /proc/self/clear_refs), so consecutive steps get a peak each. */
export function resetPeakRss(): void {
  fs.writeFileSync("/proc/self/clear_refs", "5");
}

export const rssMb = (): number => Math.round(process.memoryUsage().rss / 1048576);

/** The app reads its configuration like in production; these are a complete, valid set. */
export function configureBenchApp(dbFile: string, adminOrigin = "http://127.0.0.1:1"): void {
  Object.assign(process.env, {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: "bench-secret",
    SHOPIFY_APP_URL: "https://backstop.bench",
    SCOPES: "read_orders,read_all_orders,read_products,read_inventory,read_customers",
    DATABASE_URL: `file:${dbFile}`,
    SHOPIFY_ADMIN_ORIGIN: adminOrigin,
    SYNC_SCHEDULER: "off",
    LOG_LEVEL: "warn",
  });
}
