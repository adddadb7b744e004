import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { freePort } from "../../support/free-port";
import os from "node:os";
import path from "node:path";
import { startEmulator, type Emulator } from "../../shopify-emulator/server";
import { generatePreset, type PresetName } from "../../shopify-emulator/store";

/**
 * The demo server for browser tests, started the way `npm run demo` starts it (emulator with a
 * generated shop, the shop installed with its offline session, the app on `remix vite:dev` in demo
 * mode, the first sync through /internal/sync), but on free ports and a private database so a
 * developer's running demo is left alone.
 */
export interface AppServer {
  origin: string;
  shop: string;
  databaseUrl: string;
  close(): Promise<void>;
}

export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number, child?: ChildProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} while waiting for ${what}`);
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (${lastError})` : ""}`);
}

export interface AppServerOptions {
  store?: PresetName;
  log?: (line: string) => void;
  /**
   * Fills the installed shop's database instead of the first sync (benchmarks seed a large
   * catalog directly); the emulator still serves the generated store.
   */
  seedShop?: (shop: string) => Promise<void>;
}

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const log = options.log ?? (() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-e2e-"));
  const databaseUrl = `file:${path.join(dir, "e2e.db")}`;
  const appPort = await freePort();
  const origin = `http://127.0.0.1:${appPort}`;
  const apiSecret = `e2e-secret-${randomBytes(8).toString("hex")}`;
  const cronToken = randomBytes(24).toString("hex");

  execFileSync(process.execPath, ["scripts/prisma-migrate-offline.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_MIGRATE_QUIET: "1" },
    stdio: "inherit",
  });
  const store = generatePreset(options.store ?? "small", { nowMs: Date.now() });
  const emulator: Emulator = await startEmulator({ stores: [store], port: 0, appUrl: origin, apiSecret, controlToken: cronToken });
  log(`emulator ${emulator.origin} serving ${store.shop.domain}`);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    SHOPIFY_API_KEY: "backstop-e2e",
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: origin,
    SCOPES: store.shop.scopes.join(","),
    DATABASE_URL: databaseUrl,
    SHOPIFY_ADMIN_ORIGIN: emulator.origin,
    BACKSTOP_DEMO: "1",
    DEMO_SHOP: store.shop.domain,
    CRON_TOKEN: cronToken,
    SYNC_SCHEDULER: "off",
    LOG_LEVEL: "warn",
    PORT: String(appPort),
  };
  // Install the shop as OAuth would, through the app's own model (this process then shares the
  // database with the server, which the harness also uses below).
  Object.assign(process.env, appEnv);
  const { installShopWithToken } = await import("../../support/install-shop");
  const { default: db } = await import("../../../app/db.server");
  await installShopWithToken(store.shop.domain, store.shop.scopes.join(","), store.shop.accessToken);

  const app = spawn(path.resolve("node_modules/.bin/remix"), ["vite:dev", "--host", "127.0.0.1", "--port", String(appPort), "--strictPort"], {
    env: appEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (chunk: Buffer) => log(chunk.toString().trimEnd()));
  app.stderr?.on("data", (chunk: Buffer) => log(chunk.toString().trimEnd()));
  const close = async () => {
    if (app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
    }
    await emulator.close();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const get = (url: string) => fetch(url, { headers: { "User-Agent": BROWSER_USER_AGENT } });
    if (options.seedShop) {
      await options.seedShop(store.shop.domain);
      await waitFor("the app to answer", async () => ((await get(`${origin}/app`)).status < 500 ? true : null), 120_000, app);
      return { origin, shop: store.shop.domain, databaseUrl, close };
    }
    await waitFor("the app to answer", async () => ((await get(`${origin}/app`)).status < 500 ? true : null), 120_000, app);
    const started = await fetch(`${origin}/internal/sync`, {
      method: "POST",
      headers: { Authorization: `Bearer ${cronToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ shop: store.shop.domain, full: true }),
    });
    if (!started.ok) throw new Error(`the first sync did not start: HTTP ${started.status} ${await started.text()}`);
    const status = await waitFor(
      "the first sync to finish",
      async () => {
        const body = (await (await get(`${origin}/app/sync`)).json()) as { run: { status: string; errorMessage: string | null } | null };
        return body.run && ["succeeded", "failed"].includes(body.run.status) ? body.run : null;
      },
      180_000,
      app,
    );
    if (status.status !== "succeeded") throw new Error(`the first sync failed: ${status.errorMessage ?? "no message"}`);
    // The app plans the shop right after a sync succeeds (the run reads succeeded first).
    await waitFor(
      "the plan to be materialised",
      async () => ((await db.skuMetrics.count({ where: { shop: store.shop.domain } })) > 0 ? true : null),
      60_000,
      app,
    );
    return { origin, shop: store.shop.domain, databaseUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
