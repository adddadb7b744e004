import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { dispatcher } from "~/jobs/dispatch.server";
import { onFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";

// Mandatory compliance topic, sent 48 hours after uninstall: erase everything for this shop,
// and nothing of any other shop. A big shop's erasure can outlast the webhook's timeout, so on
// PostgreSQL a worker does it (retried until done); on SQLite it runs before answering.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  await onFirstDelivery({ shop, webhookId, topic }, async () => {
    await dispatcher().shopPurge({ shop, reason: "redact" });
    logger.info("shop redaction handed over", { shop, topic, webhookId });
  });
  return new Response(null, { status: 200 });
}
