import { getHmac } from "@shopify/shopify-api/test-helpers";
import { randomUUID } from "node:crypto";
import { getEnv } from "~/env.server";
import { API_VERSION } from "~/shopify/api-version";

/** A webhook request exactly as Shopify sends it: JSON body, HMAC of the raw body, headers. */
export function webhookRequest(
  topic: string,
  shop: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string } = {},
): Request {
  const body = JSON.stringify(payload);
  return new Request(`${getEnv().SHOPIFY_APP_URL}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": API_VERSION,
      "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": getHmac(body, options.secret ?? getEnv().SHOPIFY_API_SECRET),
    },
  });
}

/** Calls a route action and turns a thrown Response (the library's 401) into a returned one. */
export async function callAction(
  action: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>,
  request: Request,
): Promise<Response> {
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
