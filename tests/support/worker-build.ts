import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "vite";

/**
 * Builds with the production worker's Vite config (scripts/vite.worker.config.ts: plain
 * JavaScript, dependencies left in node_modules) into a folder of its own: the worker and sync CLI
 * as `npm run build` writes them, plus any extra entries (a benchmark's measured script, built the
 * way production builds the code it runs, with no tsx loader). The folder sits inside
 * node_modules, so the built code resolves its dependencies as build/worker does; `remove` deletes it.
 */
export async function buildLikeTheWorker(extraEntries: Record<string, string> = {}): Promise<{ dir: string; remove: () => void }> {
  const dir = path.resolve("node_modules/.cache", `backstop-worker-build-${randomUUID()}`);
  await build({
    configFile: path.resolve("scripts/vite.worker.config.ts"),
    logLevel: "warn",
    build: { outDir: dir, emptyOutDir: true, sourcemap: false, rollupOptions: { input: { worker: "scripts/worker.ts", sync: "scripts/sync.ts", ...extraEntries } } },
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
