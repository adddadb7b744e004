import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { onFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";
import { dispatcher } from "~/jobs/dispatch.server";

// Shopify's payload: lower-case enums, snake_case keys, no result URL (the run asks for it by id).
const BulkFinishPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"),
  status: z.string().min(1),
  error_code: z.string().nullable(),
});

// The bulk export of a sync run finished (completed, failed or canceled). The run is told and,
// when no runner is driving it (e.g. the server restarted while Shopify worked), resumed: by a
// worker through the queue (PostgreSQL) or in this process (SQLite). Answer fast: the download
// itself runs in the background under the shop's lease.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const parsed = BulkFinishPayload.safeParse(payload);
  if (!parsed.success) {
    logger.warn("bulk_operations/finish payload not understood", { shop, webhookId });
    return new Response("payload must carry admin_graphql_api_id, status and error_code", { status: 400 });
  }
  await onFirstDelivery({ shop, webhookId, topic }, async () => {
    await dispatcher().bulkFinished({
      shop,
      bulkOperationId: parsed.data.admin_graphql_api_id,
      status: parsed.data.status,
      errorCode: parsed.data.error_code,
    });
    logger.info("bulk operation finished", { shop, topic, webhookId, bulkOperationId: parsed.data.admin_graphql_api_id, status: parsed.data.status });
  });
  return new Response(null, { status: 200 });
}
