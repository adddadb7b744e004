import { PgBoss, type ConstructorOptions, type Queue } from "pg-boss";
import { getEnv, isPostgresDatabase } from "~/env.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { QUEUE, QUEUE_DEFINITIONS, type QueueName } from "./queues";

/**
 * Opens pg-boss on the app's PostgreSQL database and makes every queue match QUEUE_DEFINITIONS.
 *
 * Roles: a "worker" supervises (expires jobs whose worker died, retries, dead letters) and runs
 * the cron clock; the "web" role only sends jobs, so a web process never does queue maintenance
 * and holds few connections.
 */
export type JobQueueRole = "web" | "worker";

export interface OpenJobQueueOptions {
  connectionString: string;
  role: JobQueueRole;
  /** pg-boss's own connection pool (Prisma and the sales store have theirs). */
  poolMax?: number;
  /** Replaces parts of QUEUE_DEFINITIONS (tests: second-long retry delays). */
  queueOverrides?: Partial<Record<QueueName, Partial<Omit<Queue, "name" | "policy">>>>;
  /** pg-boss constructor options (tests: shorter maintenance intervals). */
  boss?: Partial<ConstructorOptions>;
  logger?: Logger;
}

// Created first: the other queues name it as their dead letter queue.
const CREATION_ORDER: QueueName[] = [QUEUE.deadLetters, QUEUE.syncShop, QUEUE.schedulerTick, QUEUE.bulkFinished, QUEUE.shopPurge];

export async function openJobQueue(options: OpenJobQueueOptions): Promise<PgBoss> {
  const log = options.logger ?? createLogger({ component: "job-queue" });
  const isWorker = options.role === "worker";
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: options.poolMax ?? (isWorker ? 4 : 2),
    application_name: `backstop-${options.role}-queue`,
    supervise: isWorker,
    schedule: isWorker,
    instanceName: `backstop-${options.role}`,
    // Expiry of dead workers' jobs runs on each supervise/monitor pass: keep it under a minute.
    superviseIntervalSeconds: 30,
    monitorIntervalSeconds: 30,
    ...options.boss,
  });
  boss.on("error", (error: Error) => log.error("job queue error", { error: error.message }));
  await boss.start();
  await ensureQueues(boss, options.queueOverrides ?? {});
  return boss;
}

/** Creates missing queues and brings existing ones to the current settings. */
async function ensureQueues(boss: PgBoss, overrides: OpenJobQueueOptions["queueOverrides"] & object): Promise<void> {
  for (const name of CREATION_ORDER) {
    const settings = { ...QUEUE_DEFINITIONS[name], ...overrides[name] };
    const existing = await boss.getQueue(name);
    if (!existing) {
      await boss.createQueue(name, settings);
      continue;
    }
    const wantedPolicy = settings.policy ?? "standard";
    if (existing.policy !== wantedPolicy) {
      // pg-boss cannot change a queue's policy in place (it shapes the queue's unique indexes).
      throw new Error(`Queue "${name}" has policy ${existing.policy}, expected ${wantedPolicy}: delete the queue (no jobs lost if empty) and restart`);
    }
    const { policy: _policy, partition: _partition, ...changeable } = settings;
    await boss.updateQueue(name, changeable);
  }
}

declare global {
  // The web process's sending-only queue, shared by every request (and across Vite HMR reloads).
  var backstopWebJobQueue: Promise<PgBoss> | undefined;
}

/**
 * The web process's connection to the queue (PostgreSQL deployments only), opened on first use.
 * A failed open is forgotten so the next request tries again.
 */
export function webJobQueue(): Promise<PgBoss> {
  if (!isPostgresDatabase()) {
    return Promise.reject(new Error("The job queue needs DATABASE_URL=postgresql://…; SQLite runs background work in-process"));
  }
  globalThis.backstopWebJobQueue ??= openJobQueue({ connectionString: getEnv().DATABASE_URL, role: "web" }).catch((error: unknown) => {
    globalThis.backstopWebJobQueue = undefined;
    throw error;
  });
  return globalThis.backstopWebJobQueue;
}
