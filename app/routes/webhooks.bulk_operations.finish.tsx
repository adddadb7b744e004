import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "~/shopify.server";
import { isFirstDelivery } from "~/models/webhook-delivery.server";
import { logger } from "~/lib/logger.server";
import { recordBulkFinish } from "~/sync/bulk-completion.server";
import { isActiveStatus } from "~/sync/run-machine.server";
import { activeRunIds, requestSync } from "~/sync/sync-service.server";

// Shopify's payload: lower-case enums, snake_case keys, no result URL (the run asks for it by id).
const BulkFinishPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"),
  status: z.string().min(1),
  error_code: z.string().nullable(),
});

// The bulk export of a sync run finished (completed, failed or canceled). The run is told and,
// when no runner in this process is driving it (e.g. the server restarted while Shopify worked),
// resumed here. Answer fast: the download itself runs in the background under the shop's lease.
export async function action({ request }: ActionFunctionArgs) {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const parsed = BulkFinishPayload.safeParse(payload);
  if (!parsed.success) {
    logger.warn("bulk_operations/finish payload not understood", { shop, webhookId });
    return new Response("payload must carry admin_graphql_api_id, status and error_code", { status: 400 });
  }
  if (!(await isFirstDelivery(shop, webhookId, topic))) return new Response(null, { status: 200 });
  const run = await recordBulkFinish({
    shop,
    bulkOperationId: parsed.data.admin_graphql_api_id,
    status: parsed.data.status,
    errorCode: parsed.data.error_code,
  });
  logger.info("bulk operation finished", { shop, topic, webhookId, runId: run?.id, status: parsed.data.status });
  if (run && isActiveStatus(run.status) && !activeRunIds().includes(run.id)) {
    requestSync({ shop, trigger: "webhook" }).catch((error: unknown) =>
      logger.error("could not resume the run after its export finished", { shop, runId: run.id, error: String(error) }),
    );
  }
  return new Response(null, { status: 200 });
}
