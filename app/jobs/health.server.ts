import db from "~/db.server";
import { isPostgresDatabase } from "~/env.server";
import { logger } from "~/lib/logger.server";

/**
 * The web process's health: can it reach its database? Load balancers and orchestrators call
 * GET /healthz; 200 means "send me traffic", 503 means "not now". No shop data is read or shown.
 */
export interface HealthReport {
  status: "ok" | "unavailable";
  /** "queue" on PostgreSQL (background work runs in workers), "embedded" on SQLite. */
  mode: "queue" | "embedded";
  database: { ok: boolean; latencyMs: number; error?: string };
}

export async function checkHealth(timeoutMs = 2_000): Promise<HealthReport> {
  const mode = isPostgresDatabase() ? "queue" : "embedded";
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", mode, database: { ok: true, latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The endpoint is public: the driver's words (hosts, ports) go to the log, not the answer.
    logger.error("health check: database unreachable", { error: message.split("\n")[0] });
    const reason = message.startsWith("no answer within") ? "timeout" : "unreachable";
    return { status: "unavailable", mode, database: { ok: false, latencyMs: Math.round(performance.now() - started), error: reason } };
  } finally {
    clearTimeout(timer);
  }
}
