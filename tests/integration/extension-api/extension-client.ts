import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";

/**
 * Calls the extension endpoints the way Shopify admin does for an admin UI extension: from the
 * extension sandbox's origin, with `Authorization: Bearer <session token>` (a real JWT signed
 * with the app secret, verified by the real authenticate.admin), and a browser User-Agent.
 */

export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export type TokenKind = "valid" | "expired" | "wrong-audience" | "wrong-secret";

/** A session token for `shop` ("alpha.myshopify.com"), valid or broken in one specific way. */
export async function sessionToken(shop: string, kind: TokenKind = "valid"): Promise<string> {
  const store = shop.replace(/\.myshopify\.com$/, "");
  const past = Date.now() / 1000 - 3600;
  switch (kind) {
    case "valid":
      return (await getJwt(store, API_KEY, API_SECRET_KEY)).token;
    case "expired":
      return (await getJwt(store, API_KEY, API_SECRET_KEY, { exp: past, nbf: past - 60, iat: past - 60 })).token;
    case "wrong-audience":
      return (await getJwt(store, "another-apps-client-id", API_SECRET_KEY)).token;
    case "wrong-secret":
      return (await getJwt(store, API_KEY, "not-our-app-secret")).token;
  }
}

export interface ExtensionCall {
  method?: string;
  /** Null sends no Authorization header at all. */
  token: string | null;
  /** Sent as a JSON body (Content-Type: application/json). */
  json?: unknown;
  /** Sent as is, for malformed bodies. */
  rawBody?: string;
}

export function extensionRequest(path: string, call: ExtensionCall): Request {
  const headers: Record<string, string> = { Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER_UA };
  if (call.token !== null) headers.Authorization = `Bearer ${call.token}`;
  let body: string | undefined;
  if (call.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.rawBody !== undefined) {
    headers["Content-Type"] = "application/json";
    body = call.rawBody;
  }
  return new Request(`https://backstop.test${path}`, { method: call.method ?? (body === undefined ? "GET" : "POST"), headers, body });
}

export interface ExtensionResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>;

/** Runs a loader or action as Remix would; returned and thrown Responses both come back. */
export async function callExtensionRoute<T = unknown>(handler: Handler, request: Request): Promise<ExtensionResult<T>> {
  let response: unknown;
  try {
    response = await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  if (!(response instanceof Response)) throw new Error(`expected a Response, got ${typeof response}`);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
