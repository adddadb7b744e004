import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "vite";

/**
 * Builds a benchmark's measured script the way production builds the code it runs (the worker's
 * Vite config, scripts/vite.worker.config.ts: plain JavaScript, dependencies from node_modules),
 * so the measured process carries no TypeScript loader: in production neither the web server
 * (Remix's build) nor the worker (build/worker) runs under tsx, which alone holds ~45 MB.
 * Returns the built file's path and a clean-up function. The folder sits inside node_modules so
 * the built code resolves its dependencies as build/worker does.
 */
export async function buildBenchEntry(entry: string): Promise<{ file: string; remove: () => void }> {
  const name = path.basename(entry, path.extname(entry));
  const outDir = path.resolve("node_modules/.cache", `backstop-bench-${randomUUID()}`);
  await build({
    configFile: path.resolve("scripts/vite.worker.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, sourcemap: false, rollupOptions: { input: { [name]: entry } } },
  });
  return { file: path.join(outDir, `${name}.js`), remove: () => fs.rmSync(outDir, { recursive: true, force: true }) };
}
