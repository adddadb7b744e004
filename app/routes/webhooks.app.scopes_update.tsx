import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { recordScopes } from "~/models/shop.server";
import { onFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";

const ScopesPayload = z.object({ current: z.array(z.string()) });

// The merchant granted or revoked scopes (e.g. read_all_orders): the 60-day notice and the
// backfill window follow the stored scopes.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const parsed = ScopesPayload.safeParse(payload);
  if (!parsed.success) {
    logger.warn("scopes_update payload without a current scope list", { shop, webhookId });
    return new Response("payload.current must be a list of scopes", { status: 400 });
  }
  await onFirstDelivery({ shop, webhookId, topic }, async () => {
    await recordScopes(shop, parsed.data.current.join(","));
    logger.info("scopes updated", { shop, topic, scopes: parsed.data.current.join(",") });
  });
  return new Response(null, { status: 200 });
}
