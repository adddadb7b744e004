/**
 * The local Shopify Admin API: a real HTTP server on 127.0.0.1 serving
 * POST /admin/api/2026-10/graphql.json for any number of shops (told apart by their access tokens),
 * the bulk-operation result files, and a token-guarded control endpoint for faults and store data.
 *
 *   const emulator = await startEmulator({ stores: [store] });
 *   fetch(`${emulator.origin}/admin/api/2026-10/graphql.json`, { headers: { "X-Shopify-Access-Token": … } })
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { BulkOperationService, type BulkOperationRecord } from "./bulk/operations";
import { parseResultPath, serveResultFile } from "./bulk/result-files";
import { API_VERSION, BULK_RESULTS_PATH, CONTROL_PATH, GRAPHQL_PATH } from "./constants";
import { handleControlRequest, type StoreLoader, type StoreMutator } from "./control";
import { UNAUTHORIZED_BODY, MISSING_QUERY_BODY } from "./errors";
import type { FaultSettings, ThrottleAction } from "./faults";
import { dateTimeInZone } from "./format";
import { answerGraphql, type GraphqlRequestBody } from "./graphql-endpoint";
import { resolveBehaviour, type BehaviourOverrides, type EmulatorBehaviour } from "./options";
import { RESOLVERS } from "./resolvers/index";
import type { ResolveContext } from "./resolvers/types";
import { loadAdminSchema } from "./schema";
import { ShopState } from "./shop-state";
import type { StoreData } from "./store/types";
import { WebhookSender, type WebhookDelivery } from "./webhooks";
import { readBody, sendJson } from "./http-util";

export interface EmulatorOptions {
  stores: StoreData[];
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The emulator's clock (epoch ms): 60-day rule, timestamps, URL expiry, bucket refill. */
  now?: () => number;
  /** The app's origin: webhooks go to `${appUrl}/webhooks/...` when appUrl and apiSecret are set. */
  appUrl?: string;
  /** The app's client secret, used to sign webhooks. */
  apiSecret?: string;
  /** Guards /__emulator/*; without it the control endpoint is off. */
  controlToken?: string;
  /** Where bulk results are written; default a fresh temp dir, removed on close. */
  bulkDir?: string;
  behaviour?: BehaviourOverrides;
  /** Used by the control endpoint to load stores by preset or directory (wired by the CLI). */
  loadStore?: StoreLoader;
  /** Used by the control endpoint to apply store mutations (wired by the CLI). */
  mutateStore?: StoreMutator;
  log?: (line: string) => void;
}

export interface Emulator {
  origin: string;
  port: number;
  /** `${origin}/admin/api/2026-10/graphql.json` */
  graphqlUrl: string;
  apiVersion: string;
  bulkDir: string;
  behaviour: EmulatorBehaviour;
  /** Shops by myshopify domain. */
  stores: ReadonlyMap<string, ShopState>;
  shop(domain: string): ShopState;
  /** Adds a shop, or replaces the data of one with the same domain (its bulk operations are dropped). */
  putStore(data: StoreData): ShopState;
  removeStore(domain: string): void;
  /** Runs `change` on the shop's data in place, then refreshes its indexes. */
  mutateStore(domain: string, change: (data: StoreData) => void): void;
  setFault(domain: string, faults: FaultSettings): void;
  clearFaults(domain: string): void;
  /** Sets the shop's bucket level (and optionally size and restore rate) now. */
  throttle(domain: string, action: ThrottleAction): void;
  /** Revokes the token (401 from now on); with notify, also POSTs app/uninstalled to the app. */
  uninstall(domain: string, options?: { notify?: boolean }): Promise<void>;
  bulkOperations(domain: string): BulkOperationRecord[];
  waitForBulkOperation(id: number | string): Promise<BulkOperationRecord>;
  webhookDeliveries(): readonly WebhookDelivery[];
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const admin = loadAdminSchema();
  const behaviour = resolveBehaviour(options.behaviour);
  const now = options.now ?? (() => Date.now());
  const log = options.log ?? (() => undefined);
  const ownsBulkDir = !options.bulkDir;
  const bulkDir = options.bulkDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "shopify-emulator-bulk-"));
  fs.mkdirSync(bulkDir, { recursive: true });

  const shops = new Map<string, ShopState>();
  const byToken = new Map<string, ShopState>();
  let origin = "";

  const webhooks =
    options.appUrl && options.apiSecret
      ? new WebhookSender(options.appUrl, options.apiSecret, behaviour.webhooks, now)
      : null;

  const contextFor = (shop: ShopState): ResolveContext => ({
    shop,
    scopes: shop.scopes(),
    access: admin.requiredAccess,
    nowMs: now(),
    behaviour,
    bulk,
    searchWarnings: [],
  });

  const bulk: BulkOperationService = new BulkOperationService({
    admin,
    table: RESOLVERS,
    behaviour,
    now,
    bulkDir,
    origin: () => origin,
    webhooks,
    contextFor,
    log,
  });

  const putStore = (data: StoreData): ShopState => {
    const existing = shops.get(data.shop.domain);
    const holder = byToken.get(data.shop.accessToken);
    if (holder && holder.domain !== data.shop.domain) {
      throw new Error(`Access token of ${data.shop.domain} is already used by ${holder.domain}`);
    }
    if (existing) {
      bulk.forgetShop(existing);
      byToken.delete(existing.data.shop.accessToken);
      existing.replaceData(data);
      byToken.set(data.shop.accessToken, existing);
      return existing;
    }
    const shop = new ShopState(data, behaviour, now);
    shops.set(shop.domain, shop);
    byToken.set(data.shop.accessToken, shop);
    return shop;
  };
  for (const store of options.stores) putStore(store);

  const shopOf = (domain: string): ShopState => {
    const shop = shops.get(domain);
    if (!shop) throw new Error(`Unknown shop ${domain}; known: ${[...shops.keys()].join(", ") || "none"}`);
    return shop;
  };

  const emulator: Emulator = {
    origin: "",
    port: 0,
    graphqlUrl: "",
    apiVersion: API_VERSION,
    bulkDir,
    behaviour,
    stores: shops,
    shop: shopOf,
    putStore,
    removeStore(domain) {
      const shop = shopOf(domain);
      bulk.forgetShop(shop);
      shops.delete(domain);
      byToken.delete(shop.data.shop.accessToken);
    },
    mutateStore(domain, change) {
      const shop = shopOf(domain);
      change(shop.data);
      shop.touch();
    },
    setFault: (domain, faults) => shopOf(domain).faults.set(faults),
    clearFaults: (domain) => shopOf(domain).faults.clear(),
    throttle(domain, action) {
      const bucket = shopOf(domain).bucket;
      bucket.configure({ maximumAvailable: action.maximumAvailable, restoreRate: action.restoreRate });
      bucket.setAvailable(action.currentlyAvailable);
    },
    async uninstall(domain, uninstallOptions = {}) {
      const shop = shopOf(domain);
      shop.faults.set({ uninstalled: true });
      if (uninstallOptions.notify && webhooks) {
        await webhooks.send("app/uninstalled", domain, behaviour.webhooks.appUninstalledPath, appUninstalledPayload(shop, now()));
      }
    },
    bulkOperations: (domain) => bulk.list(shopOf(domain)),
    waitForBulkOperation: (id) => bulk.waitFor(typeof id === "number" ? id : Number(String(id).split("/").pop())),
    webhookDeliveries: () => webhooks?.deliveries ?? [],
    async close() {
      await bulk.close();
      await webhooks?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsBulkDir) fs.rmSync(bulkDir, { recursive: true, force: true });
    },
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`emulator: ${req.method} ${req.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
      else res.destroy();
    });
  });

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    if (url.pathname.startsWith("/admin/api/")) return routeAdmin(req, res, url);
    if (url.pathname.startsWith(BULK_RESULTS_PATH)) return routeResults(req, res, url);
    if (url.pathname.startsWith(CONTROL_PATH)) {
      return handleControlRequest(req, res, url, {
        controlToken: options.controlToken,
        emulator,
        loadStore: options.loadStore,
        mutateStore: options.mutateStore,
      });
    }
    sendJson(res, 404, { errors: "Not Found" });
  };

  const routeAdmin = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const match = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (!match || match[1] !== API_VERSION) return sendJson(res, 404, { errors: "Not Found" });
    if (req.method !== "POST") return sendJson(res, 405, { errors: "Method Not Allowed" }, { Allow: "POST" });
    const token = req.headers["x-shopify-access-token"];
    const shop = typeof token === "string" ? byToken.get(token) : undefined;
    if (!shop || shop.faults.current.uninstalled) return sendJson(res, 401, UNAUTHORIZED_BODY);
    await sleep(shop.faults.current.latencyMs ?? 0);
    const injected = shop.faults.takeServerError("graphql");
    if (injected !== null) return sendJson(res, injected, { errors: "Internal Server Error" });
    const raw = await readBody(req, 2 * 1024 * 1024);
    const body = parseGraphqlBody(raw, req.headers["content-type"]);
    if (!body) return sendJson(res, 400, MISSING_QUERY_BODY);
    const answer = await answerGraphql(body, shop, { admin, table: RESOLVERS, behaviour, contextFor });
    sendJson(res, answer.status, answer.body, {
      "X-Shopify-API-Version": API_VERSION,
      "X-Request-Id": crypto.randomUUID(),
      ...answer.headers,
    });
  };

  const routeResults = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const parsed = parseResultPath(url.pathname);
    const found = parsed ? bulk.fileFor(parsed.operationId, parsed.shopId, parsed.kind) : null;
    if (!parsed || !found || (req.method !== "GET" && req.method !== "HEAD")) {
      return serveResultFile(req, res, { filePath: null, expired: false, expiredStatus: 404 });
    }
    if (!bulk.signer.verify(url.pathname, url.searchParams.get("Expires"), url.searchParams.get("Signature"))) {
      const body = "<?xml version='1.0' encoding='UTF-8'?><Error><Code>SignatureDoesNotMatch</Code></Error>";
      res.writeHead(403, { "Content-Type": "application/xml; charset=UTF-8" });
      res.end(body);
      return;
    }
    const shop = found.record.shop;
    await sleep(shop.faults.current.latencyMs ?? 0);
    const injected = shop.faults.takeServerError("download");
    if (injected !== null) return sendJson(res, injected, { errors: "Internal Server Error" });
    const expiresS = Number(url.searchParams.get("Expires"));
    serveResultFile(req, res, {
      filePath: found.file,
      expired: shop.faults.current.expiredResultUrls === true || now() > expiresS * 1000,
      expiredStatus: behaviour.bulk.expiredUrlStatus,
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  emulator.origin = origin;
  emulator.port = address.port;
  emulator.graphqlUrl = `${origin}${GRAPHQL_PATH}`;
  return emulator;
}

function parseGraphqlBody(raw: string, contentType: string | undefined): GraphqlRequestBody | null {
  if (contentType?.includes("application/graphql")) return raw.trim() ? { query: raw } : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") return null;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) return null;
  return {
    query,
    variables: (variables as Record<string, unknown> | null | undefined) ?? null,
    operationName: typeof operationName === "string" ? operationName : null,
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** The REST Shop object Shopify sends with app/uninstalled ✅ [WHS] (the fields the store knows). */
function appUninstalledPayload(shop: ShopState, nowMs: number) {
  const s = shop.data.shop;
  const stamp = dateTimeInZone(nowMs, s.ianaTimezone);
  return {
    id: shop.shopId,
    name: s.name,
    email: `owner@${s.domain}`,
    domain: s.domain,
    myshopify_domain: s.domain,
    plan_name: s.planName,
    plan_display_name: s.planName,
    currency: s.currencyCode,
    iana_timezone: s.ianaTimezone,
    created_at: stamp,
    updated_at: stamp,
  };
}
