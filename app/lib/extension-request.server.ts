import { authenticate } from "~/shopify.server";

/**
 * Requests from Backstop's admin UI extensions (extensions/*). Shopify admin adds
 * `Authorization: Bearer <session token>` to every fetch an extension makes to the app's URL; the
 * token is a JWT signed with the app secret whose `aud` is the app's API key and whose `dest` is
 * the shop. authenticate.admin verifies all of that (and answers CORS preflights), so the shop
 * always comes from a verified token, never from the request body or query.
 */

export interface ExtensionRequest {
  shop: string;
  /** A JSON response carrying the CORS headers the extension sandbox (another origin) needs. */
  json: (body: unknown, status?: number) => Response;
}

const BEARER = /^Bearer\s+\S+/i;

export async function authenticateExtensionRequest(request: Request): Promise<ExtensionRequest> {
  // A preflight carries no token by design; the library answers it (204 with CORS headers).
  // Anything else without a token is not an extension call: refuse it rather than start the
  // embedded-app document flow (redirects to login), which makes no sense for an API.
  if (request.method !== "OPTIONS" && !BEARER.test(request.headers.get("Authorization") ?? "")) {
    // With the CORS headers the library would add, so the extension can read the answer.
    throw Response.json(
      { errors: { form: "This endpoint needs a Shopify session token (Authorization: Bearer …)." } },
      { status: 401, headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type" } },
    );
  }
  const { session, cors } = await authenticate.admin(request);
  return { shop: session.shop, json: (body, status = 200) => cors(Response.json(body, { status })) };
}

/** The request's JSON body, or `{ ok: false }` when it is missing or not JSON. */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await request.text();
  if (text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
