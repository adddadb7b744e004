import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { dispatcher } from "~/jobs/dispatch.server";
import { onFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";

// Shopify can deliver this more than once, and after the app is already gone: act on the first
// delivery of an id only. The offline token is dead after uninstall, so the shop's sessions and
// data go now (shop/redact repeats the purge 48 hours later): by a worker through the queue on
// PostgreSQL, in this process on SQLite.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  await onFirstDelivery({ shop, webhookId, topic }, async () => {
    await dispatcher().shopPurge({ shop, reason: "uninstalled" });
    logger.info("shop uninstalled: purge handed over", { shop, topic, webhookId });
  });
  return new Response(null, { status: 200 });
}
