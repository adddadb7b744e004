/**
 * `npm run demo`: Backstop on this machine with no Shopify account.
 *
 * 1. migrates a local SQLite database (prisma/demo.db);
 * 2. starts the Shopify emulator with the generated demo shop (~60 products, ~150 variants,
 *    18 months of orders);
 * 3. installs the demo shop the way OAuth would (its offline session holds the emulator token);
 * 4. serves the app in demo mode, where only the merchant's identity is fixed: every data path
 *    (Admin API over HTTP, sync, database, pages) is the real one;
 * 5. starts the first backfill through the app's own internal sync endpoint.
 *
 * Options: --port <app port, 3000> --emulator-port <4100> --store <preset or store dir, demo>
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../tests/shopify-emulator/server";
import { generatePreset, isPresetName, loadStoreFromFiles, type StoreData } from "../tests/shopify-emulator/store";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    "emulator-port": { type: "string", default: "4100" },
    store: { type: "string", default: "demo" },
  },
});

const appPort = Number(values.port);
const appOrigin = `http://127.0.0.1:${appPort}`;
const apiSecret = `demo-secret-${randomBytes(8).toString("hex")}`;
const cronToken = randomBytes(24).toString("hex");
const databaseUrl = `file:${path.resolve("prisma/demo.db")}`;

async function loadStore(spec: string): Promise<StoreData> {
  if (isPresetName(spec)) return generatePreset(spec, { nowMs: Date.now() });
  return loadStoreFromFiles({ catalogPath: path.join(spec, "catalog.jsonl"), ordersPath: path.join(spec, "orders.jsonl") });
}

function step(message: string): void {
  process.stdout.write(`• ${message}\n`);
}

async function waitForApp(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it answered`);
    try {
      const response = await fetch(url, { headers: { "User-Agent": "Mozilla/5.0 backstop-demo" } });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  step("migrating prisma/demo.db");
  execFileSync(process.execPath, ["scripts/prisma-migrate-offline.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_MIGRATE_QUIET: "1" },
    stdio: "inherit",
  });

  step(`generating the "${values.store}" store`);
  const store = await loadStore(values.store ?? "demo");
  const emulator = await startEmulator({
    stores: [store],
    port: Number(values["emulator-port"]),
    appUrl: appOrigin,
    apiSecret,
    controlToken: cronToken,
  });
  step(`Shopify emulator at ${emulator.origin} serving ${store.shop.domain} (${store.orders.length.toLocaleString("en-US")} orders)`);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    SHOPIFY_API_KEY: "backstop-demo",
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: appOrigin,
    SCOPES: store.shop.scopes.join(","),
    DATABASE_URL: databaseUrl,
    SHOPIFY_ADMIN_ORIGIN: emulator.origin,
    BACKSTOP_DEMO: "1",
    DEMO_SHOP: store.shop.domain,
    CRON_TOKEN: cronToken,
    SYNC_SCHEDULER: "in-process",
    PORT: String(appPort),
  };

  // Install the demo shop as OAuth would: a Shop row and an offline session with the token.
  Object.assign(process.env, appEnv);
  const { installShopWithToken } = await import("../tests/support/install-shop");
  await installShopWithToken(store.shop.domain, store.shop.scopes.join(","), store.shop.accessToken);
  const { default: db } = await import("../app/db.server");
  await db.$disconnect();

  step("starting the app (Remix + Vite)");
  const app = spawn(path.resolve("node_modules/.bin/remix"), ["vite:dev", "--host", "127.0.0.1", "--port", String(appPort), "--strictPort"], {
    env: appEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const shutdown = async () => {
    app.kill("SIGTERM");
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  app.on("exit", (code) => {
    void emulator.close().then(() => process.exit(code ?? 1));
  });

  await waitForApp(`${appOrigin}/app`, app);

  const sync = await fetch(`${appOrigin}/internal/sync`, {
    method: "POST",
    headers: { Authorization: `Bearer ${cronToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ shop: store.shop.domain, kind: "backfill" }),
  });
  step(sync.ok ? "first sync started (watch the overview page)" : `first sync could not start: HTTP ${sync.status}`);

  process.stdout.write(`\nBackstop is running for ${store.shop.name} (${store.shop.domain}):\n\n    ${appOrigin}/app\n\nPress Ctrl+C to stop.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
