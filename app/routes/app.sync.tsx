import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireMerchant } from "~/shopify.server";
import { dispatcher, syncDispatchBody } from "~/jobs/dispatch.server";
import { describeSyncForMerchant } from "~/jobs/sync-status.server";

// Resource route for the UI: GET is the latest run's status and progress, and whether a sync is
// waiting in the queue (polled by a progress bar); POST ("Sync now") starts a run in the
// background (SQLite) or queues it for a worker (PostgreSQL), or joins the one already running,
// and answers at once.
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  return Response.json(await describeSyncForMerchant(shop));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST, GET" } });
  const { shop } = await requireMerchant(request);
  const dispatched = await dispatcher().sync({ shop, trigger: "manual" });
  return Response.json(syncDispatchBody(dispatched), { status: 202 });
}
