import { checkHealth } from "~/jobs/health.server";

// GET /healthz for load balancers and orchestrators: 200 when the database answers, else 503.
// No authentication and no shop data; never cached.
export async function loader() {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
