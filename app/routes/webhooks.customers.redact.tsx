import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { redactCustomer } from "~/models/customer-redaction.server";
import { onFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";

const RedactPayload = z.object({ customer: z.object({ id: z.union([z.number(), z.string()]) }) });

// Mandatory compliance topic: unlink the customer's purchases (clear their salted hash).
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const parsed = RedactPayload.safeParse(payload);
  if (!parsed.success) return new Response("payload.customer.id is required", { status: 400 });
  await onFirstDelivery({ shop, webhookId, topic }, async () => {
    const lines = await redactCustomer(shop, parsed.data.customer.id);
    logger.info("customer redacted", { shop, topic, webhookId, linesUnlinked: lines });
  });
  return new Response(null, { status: 200 });
}
