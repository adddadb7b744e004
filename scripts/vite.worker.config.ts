import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * The background processes as plain JavaScript (`npm run build` writes build/worker/): the queue
 * worker (`worker.js`) and the operators' sync CLI (`sync.js`). Production runs these instead of
 * TypeScript through tsx, as the web server runs Remix's build: it starts faster and each process
 * holds ~50 MB less (tsx's loader and its compiled-module cache), which counts for a sync of a
 * million orders (docs/benchmarks.md). Dependencies stay in node_modules (an SSR build
 * externalises them), so Prisma's generated clients and libsql's native module load as usual.
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  logLevel: "warn",
  build: {
    ssr: true,
    target: "node22",
    outDir: "build/worker",
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { worker: "scripts/worker.ts", sync: "scripts/sync.ts" },
      output: { format: "esm", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
    },
  },
});
