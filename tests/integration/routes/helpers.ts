import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { materialiseShopMetrics } from "~/models/sku-metrics.server";
import { addDays } from "~/sync/shop-calendar";
import { installShop } from "../../factories/shop";
import { seedSkuCatalog } from "../../factories/sku-catalog";

// Authenticated calls to the app's route modules, as the embedded app makes them: a session token
// signed with the app secret (authenticate.admin really runs) and a browser User-Agent (isbot
// turns anything else away with 410).
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

type RouteFunction = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

export interface RouteResult<T> {
  status: number;
  data: T;
}

/** Calls a loader or action for `shop`; thrown Responses (404, 401…) come back as results too. */
export async function callRoute<T>(
  route: RouteFunction,
  shop: string,
  path: string,
  options: { params?: Record<string, string>; form?: Record<string, string> } = {},
): Promise<RouteResult<T>> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), API_KEY, API_SECRET_KEY);
  const init: RequestInit = { headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA } };
  if (options.form) {
    init.method = "POST";
    init.body = new URLSearchParams(options.form);
  }
  const request = new Request(`https://backstop.test${path}`, init);
  try {
    const value = await route({ request, params: options.params ?? {}, context: {} });
    if (value instanceof Response) return { status: value.status, data: (await value.json()) as T };
    return { status: 200, data: value as T };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: (await thrown.text()) as T };
    throw thrown;
  }
}

/** Yesterday in UTC: the as-of day a plan made now uses for a UTC shop. */
export function yesterdayUtc(now = new Date()): string {
  return addDays(now.toISOString().slice(0, 10), -1);
}

/** An installed shop with a planned catalog (SkuMetrics materialised from real sales rows). */
export async function installPlannedShop(domain: string, variantCount: number, seed = 7) {
  const shop = await installShop({ domain });
  const catalog = await seedSkuCatalog(shop, { variantCount, lastDay: yesterdayUtc(), seed });
  await materialiseShopMetrics(shop);
  return { shop, ...catalog };
}
