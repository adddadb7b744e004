import { Prisma } from "@prisma/client";
import db from "~/db.server";

export interface WebhookDeliveryId {
  shop: string;
  webhookId: string;
  topic: string;
}

/**
 * Records a webhook delivery and says whether it is the first one with this id. Shopify retries
 * with the same X-Shopify-Webhook-Id (and may deliver twice), so handlers act only on the first.
 */
async function isFirstDelivery({ shop, webhookId, topic }: WebhookDeliveryId): Promise<boolean> {
  try {
    await db.webhookDelivery.create({ data: { shop, webhookId, topic } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

/**
 * Does a webhook's work on its first delivery only; resolves to whether it ran. When the work
 * fails, the delivery's record goes again before the error reaches the route (which answers 500):
 * otherwise Shopify's retry, with the same id, would be skipped as a repeat and the work (an
 * erasure, say) would never happen.
 */
export async function onFirstDelivery(delivery: WebhookDeliveryId, work: () => Promise<void>): Promise<boolean> {
  if (!(await isFirstDelivery(delivery))) return false;
  try {
    await work();
  } catch (error) {
    await db.webhookDelivery.deleteMany({ where: { shop: delivery.shop, webhookId: delivery.webhookId } });
    throw error;
  }
  return true;
}
