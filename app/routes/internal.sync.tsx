import type { ActionFunctionArgs } from "@remix-run/node";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getEnv } from "~/env.server";
import { logger } from "~/lib/logger.server";
import { dispatcher, syncDispatchBody, tickDispatchBody } from "~/jobs/dispatch.server";

// Entry point for an external scheduler (SYNC_SCHEDULER=off): POST with
// "Authorization: Bearer <CRON_TOKEN>". An empty body runs one scheduler tick (every due shop);
// {"shop": "x.myshopify.com", "full": true} syncs one shop now. On PostgreSQL both become jobs
// for the workers (whose own cron also ticks every minute). Without CRON_TOKEN the endpoint
// does not exist (404), so a default install exposes nothing.
const Body = z.object({
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain").optional(),
  full: z.boolean().optional(),
});

/** Constant-time comparison of the bearer token (digests first, so lengths leak nothing). */
function isAuthorized(header: string | null, token: string): boolean {
  const presented = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}

export async function loader() {
  return new Response("Not Found", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  const token = getEnv().CRON_TOKEN;
  if (!token) return new Response("Not Found", { status: 404 });
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  if (!isAuthorized(request.headers.get("Authorization"), token)) {
    return new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const text = await request.text();
  let input: unknown = {};
  if (text.trim() !== "") {
    try {
      input = JSON.parse(text);
    } catch {
      return Response.json({ error: "body must be JSON" }, { status: 400 });
    }
  }
  const parsed = Body.safeParse(input);
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, { status: 400 });
  if (parsed.data.shop) {
    const dispatched = await dispatcher().sync({ shop: parsed.data.shop, trigger: "cron", full: parsed.data.full });
    logger.info("cron sync requested", { shop: parsed.data.shop, runId: dispatched.runId, started: dispatched.started, via: dispatched.via });
    return Response.json(syncDispatchBody(dispatched), { status: 202 });
  }
  return Response.json(tickDispatchBody(await dispatcher().schedulerTick(Date.now())), { status: 202 });
}
