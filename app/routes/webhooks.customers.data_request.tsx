import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { onFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";

// Mandatory compliance topic. Backstop stores no customer data (only a salted hash of the
// customer id, which identifies nobody), so there is nothing to hand over: acknowledge and log
// the request id so the merchant's request can be traced.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  await onFirstDelivery({ shop, webhookId, topic }, async () => {
    logger.info("customer data request: Backstop holds no customer personal data", { shop, topic, webhookId });
  });
  return new Response(null, { status: 200 });
}
