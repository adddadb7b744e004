import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { purgeShopData } from "~/models/shop.server";
import { isFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";

// Mandatory compliance topic, sent 48 hours after uninstall: erase everything for this shop,
// and nothing of any other shop.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  if (await isFirstDelivery(shop, webhookId, topic)) {
    await purgeShopData(shop);
    logger.info("shop redacted", { shop, topic, webhookId });
  }
  return new Response(null, { status: 200 });
}
