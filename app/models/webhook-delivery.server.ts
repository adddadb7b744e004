import { Prisma } from "@prisma/client";
import db from "~/db.server";

/**
 * Records a webhook delivery and says whether it is the first one with this id. Shopify retries
 * with the same X-Shopify-Webhook-Id (and may deliver twice), so handlers act only on the first.
 */
export async function isFirstDelivery(shop: string, webhookId: string, topic: string): Promise<boolean> {
  try {
    await db.webhookDelivery.create({ data: { shop, webhookId, topic } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}
