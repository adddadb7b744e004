/**
 * Starts the local Shopify Admin API from the command line:
 *
 *   npm run emulator -- --store demo
 *   npm run emulator -- --store demo --store small --port 4100 --app-url http://localhost:3000 --api-secret s3cret
 *   npm run emulator -- --store ./exported-shop      (a directory with catalog.jsonl and orders.jsonl)
 *
 * Prints the origin, then each shop's domain and access token. Runs until interrupted.
 */
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { PRESET_NAMES, describePreset, isPresetName } from "./store";
import { startEmulator } from "./server";
import { loadStoreSource, storeLoader, storeMutator } from "./store-source";
import { API_VERSION } from "./constants";

const HELP = `Local Shopify Admin API (${API_VERSION}) emulator

  --store <preset|dir>   store to serve; repeat for several shops (default: demo)
                         presets: ${PRESET_NAMES.map((name) => `${name} (${describePreset(name)})`).join("; ")}
                         dir: a folder with catalog.jsonl and orders.jsonl
  --seed <text>          seed for generated stores (a different seed gives a different shop)
  --port <n>             port on 127.0.0.1 (default 4100; 0 = any free port)
  --now <iso>            the store's "now" (default: the current time); the clock runs on from it
  --scopes <a,b,...>     replace the stores' granted access scopes
  --app-url <url>        the app's origin; webhooks are POSTed to <url>/webhooks/...
  --api-secret <s>       the app's client secret, to sign webhooks
  --control-token <t>    token for POST /__emulator/* (default: random, printed)
  --json                 print one JSON line {origin, graphqlUrl, controlToken, shops} instead (for scripts)
  --help`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: "string", multiple: true },
      seed: { type: "string" },
      port: { type: "string", default: "4100" },
      now: { type: "string" },
      scopes: { type: "string" },
      "app-url": { type: "string" },
      "api-secret": { type: "string" },
      "control-token": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535 (got ${values.port})`);
  const startMs = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (!Number.isFinite(startMs)) throw new Error(`--now must be an ISO date-time (got ${values.now})`);
  if (values["app-url"] && !values["api-secret"]) throw new Error("--app-url needs --api-secret to sign webhooks");
  const startedAt = Date.now();
  const now = () => startMs + (Date.now() - startedAt);
  const scopes = values.scopes?.split(",").map((s) => s.trim()).filter(Boolean);

  const specs = values.store ?? ["demo"];
  const stores = [];
  for (const [index, spec] of specs.entries()) {
    // The same preset twice needs distinct seeds to be distinct shops.
    const seed = values.seed ?? (specs.indexOf(spec) !== index && isPresetName(spec) ? `${spec}-${index}` : undefined);
    const t = performance.now();
    const store = await loadStoreSource(spec, { nowMs: startMs, seed, scopes });
    console.error(`loaded ${spec}: ${store.orders.length} orders, ${store.variants.length} variants in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    stores.push(store);
  }

  const controlToken = values["control-token"] ?? crypto.randomBytes(12).toString("hex");
  const emulator = await startEmulator({
    stores,
    port,
    now,
    appUrl: values["app-url"],
    apiSecret: values["api-secret"],
    controlToken,
    loadStore: storeLoader(now),
    mutateStore: storeMutator(now),
    log: (line) => console.error(line),
  });

  if (values.json) {
    const shops = [...emulator.stores.values()].map((shop) => ({
      domain: shop.domain,
      accessToken: shop.data.shop.accessToken,
      scopes: shop.data.shop.scopes,
    }));
    console.log(JSON.stringify({ origin: emulator.origin, graphqlUrl: emulator.graphqlUrl, controlToken, shops }));
  } else {
    console.log(`Shopify Admin API emulator listening on ${emulator.origin}`);
    console.log(`  GraphQL: ${emulator.graphqlUrl}`);
    console.log(`  control: ${emulator.origin}/__emulator/  (Authorization: Bearer ${controlToken})`);
    for (const shop of emulator.stores.values()) {
      console.log(`  shop ${shop.domain}  token ${shop.data.shop.accessToken}  scopes ${shop.data.shop.scopes.join(",")}`);
    }
    if (values["app-url"]) console.log(`  webhooks → ${values["app-url"]}`);
  }

  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
