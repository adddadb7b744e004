import { getEnv, isPostgresDatabase } from "./env.server";
import { logger } from "./lib/logger.server";

let started = false;

/**
 * Starts the in-process daily sync scheduler once per process (the embedded default, SQLite).
 * With SYNC_SCHEDULER=off an external scheduler (POST /internal/sync) does it; on PostgreSQL the
 * web process never runs syncs: the workers' cron schedules them as jobs (app/jobs).
 */
export function startBackgroundServices(): void {
  if (started || getEnv().SYNC_SCHEDULER !== "in-process" || getEnv().NODE_ENV === "test" || isPostgresDatabase()) return;
  started = true;
  import("./sync/scheduler.server")
    .then(({ startScheduler }) => startScheduler())
    .catch((error: unknown) => {
      logger.error("daily sync scheduler failed to start", { error: String(error) });
    });
}
