/**
 * The control endpoint for processes that cannot hold the in-process handle (the demo, cross-process
 * benchmarks). Every request needs `Authorization: Bearer <controlToken>`; without a configured token
 * the endpoint does not exist. Deliberately thin:
 *
 *   GET  /__emulator/shops                       domains, tokens, scopes, order counts
 *   POST /__emulator/faults    {shop, faults?, clear?, throttle?}
 *   POST /__emulator/stores    {store} | {source}  (source is handed to the configured store loader)
 *   POST /__emulator/mutations {shop, mutation}    (handed to the configured store mutator)
 *   POST /__emulator/uninstall {shop, notify?}
 */
import crypto from "node:crypto";
import type http from "node:http";
import { parseFaultSettings, type ThrottleAction } from "./faults";
import type { Emulator } from "./server";
import { readBody, sendJson } from "./http-util";
import type { StoreData } from "./store/types";

/** Turns a JSON description (`{preset, seed}`, `{dir}`, …) into store data. */
export type StoreLoader = (source: unknown) => Promise<StoreData>;
/** Applies a JSON-described mutation to a shop's data in place. */
export type StoreMutator = (data: StoreData, mutation: unknown) => void | Promise<void>;

export interface ControlDeps {
  controlToken: string | undefined;
  emulator: Emulator;
  loadStore?: StoreLoader;
  mutateStore?: StoreMutator;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleControlRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  deps: ControlDeps,
): Promise<void> {
  if (!deps.controlToken) return sendJson(res, 404, { errors: "Not Found" });
  const given = Buffer.from(String(req.headers.authorization ?? ""));
  const expected = Buffer.from(`Bearer ${deps.controlToken}`);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return sendJson(res, 401, { error: "control token missing or wrong" });
  }
  try {
    const result = await dispatch(req, url.pathname.slice("/__emulator/".length), deps);
    sendJson(res, 200, result);
  } catch (error) {
    if (error instanceof ControlError) return sendJson(res, error.status, { error: error.message });
    const message = error instanceof Error ? error.message : String(error);
    sendJson(res, 400, { error: message });
  }
}

async function dispatch(req: http.IncomingMessage, action: string, deps: ControlDeps): Promise<unknown> {
  const { emulator } = deps;
  if (action === "shops" && req.method === "GET") {
    return {
      shops: [...emulator.stores.values()].map((shop) => ({
        domain: shop.domain,
        accessToken: shop.data.shop.accessToken,
        scopes: shop.data.shop.scopes,
        orders: shop.data.orders.length,
        variants: shop.data.variants.length,
        faults: shop.faults.current,
      })),
    };
  }
  if (req.method !== "POST") throw new ControlError(405, `${req.method} /__emulator/${action} is not supported`);
  const body = await readJson(req);
  switch (action) {
    case "faults": {
      const domain = requireShop(body, emulator);
      if (body.clear === true) emulator.clearFaults(domain);
      if (body.faults !== undefined) emulator.setFault(domain, parseFaultSettings(body.faults));
      if (body.throttle !== undefined) emulator.throttle(domain, parseThrottle(body.throttle));
      return { shop: domain, faults: emulator.shop(domain).faults.current, throttleStatus: emulator.shop(domain).bucket.status() };
    }
    case "stores": {
      let data: StoreData;
      if (body.store !== undefined) data = body.store as StoreData;
      else if (body.source !== undefined && deps.loadStore) data = await deps.loadStore(body.source);
      else throw new ControlError(400, deps.loadStore ? "send {store} or {source}" : "send {store} (no store loader configured)");
      if (typeof data?.shop?.domain !== "string" || !Array.isArray(data.orders)) {
        throw new ControlError(400, "store must be StoreData ({shop, locations, products, variants, orders})");
      }
      const shop = emulator.putStore(data);
      return { shop: shop.domain, accessToken: data.shop.accessToken, orders: data.orders.length };
    }
    case "mutations": {
      const domain = requireShop(body, emulator);
      if (!deps.mutateStore) throw new ControlError(400, "no store mutator configured");
      const mutate = deps.mutateStore;
      const shop = emulator.shop(domain);
      await mutate(shop.data, body.mutation);
      shop.touch();
      return { shop: domain, orders: shop.data.orders.length };
    }
    case "uninstall": {
      const domain = requireShop(body, emulator);
      await emulator.uninstall(domain, { notify: body.notify === true });
      return { shop: domain, uninstalled: true };
    }
    default:
      throw new ControlError(404, `unknown control action "${action}"`);
  }
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req, 512 * 1024 * 1024);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw || "{}");
  } catch {
    throw new ControlError(400, "body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ControlError(400, "body must be a JSON object");
  return parsed as Record<string, unknown>;
}

function requireShop(body: Record<string, unknown>, emulator: Emulator): string {
  if (typeof body.shop !== "string") throw new ControlError(400, "shop (myshopify domain) is required");
  if (!emulator.stores.has(body.shop)) throw new ControlError(404, `unknown shop ${body.shop}`);
  return body.shop;
}

function parseThrottle(input: unknown): ThrottleAction {
  const raw = input as Record<string, unknown>;
  if (typeof raw !== "object" || raw === null || typeof raw.currentlyAvailable !== "number" || raw.currentlyAvailable < 0) {
    throw new ControlError(400, "throttle.currentlyAvailable must be a non-negative number");
  }
  for (const key of ["maximumAvailable", "restoreRate"] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== "number" || (raw[key] as number) <= 0)) {
      throw new ControlError(400, `throttle.${key} must be a positive number`);
    }
  }
  return {
    currentlyAvailable: raw.currentlyAvailable,
    maximumAvailable: raw.maximumAvailable as number | undefined,
    restoreRate: raw.restoreRate as number | undefined,
  };
}
