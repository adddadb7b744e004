/**
 * The queue worker of a PostgreSQL deployment: `npm run worker` (any number of them, on any
 * number of machines). Takes sync jobs (WORKER_CONCURRENCY at once), scheduler ticks and webhook
 * work from the queue in DATABASE_URL, and serves GET /healthz on WORKER_HEALTH_PORT.
 *
 * SIGTERM or SIGINT: stop taking jobs, give running ones WORKER_SHUTDOWN_GRACE_SECONDS, hand the
 * rest back to the queue (another worker resumes their runs), exit 0. A second signal exits at once.
 *
 * Operator commands:
 *   npm run worker -- dead-letters [--shop <domain>] [--limit <n>]   list jobs that failed for good (JSON lines)
 *   npm run worker -- redrive [--shop <domain>]                      put them back on their queues
 * Exit codes: 0 done, 1 failure, 2 bad arguments or configuration.
 */
import { parseArgs } from "node:util";

const usage = "usage: npm run worker [-- dead-letters [--shop <domain>] [--limit <n>] | redrive [--shop <domain>]]";

async function main(): Promise<number> {
  let parsed: { values: { shop?: string; limit?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { shop: { type: "string" }, limit: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? "run";
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!["run", "dead-letters", "redrive"].includes(command) || positionals.length > 1) {
    console.error(`unknown command ${JSON.stringify(positionals.join(" "))}\n${usage}`);
    return 2;
  }
  if (values.shop !== undefined && !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(values.shop)) {
    console.error(`--shop must be a myshopify.com domain (got ${JSON.stringify(values.shop)})`);
    return 2;
  }
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    console.error(`--limit must be a whole number from 1 to 100000 (got ${JSON.stringify(values.limit)})`);
    return 2;
  }

  const { getEnv, isPostgresDatabase } = await import("../app/env.server");
  const env = getEnv();
  if (!isPostgresDatabase(env)) {
    console.error("npm run worker needs DATABASE_URL=postgresql://…: with SQLite the web process runs the scheduler and syncs itself");
    return 2;
  }
  const { openJobQueue } = await import("../app/jobs/job-queue.server");

  if (command !== "run") {
    const { listDeadLetters, redriveDeadLetters } = await import("../app/jobs/dead-letters.server");
    const boss = await openJobQueue({ connectionString: env.DATABASE_URL, role: "web" });
    try {
      if (command === "dead-letters") {
        for (const letter of await listDeadLetters(boss, { shop: values.shop, limit })) console.log(JSON.stringify(letter));
      } else {
        console.log(JSON.stringify({ redriven: await redriveDeadLetters(boss, { shop: values.shop }) }));
      }
    } finally {
      await boss.stop({ graceful: false });
    }
    return 0;
  }

  const { runWorkerProcess } = await import("../app/jobs/worker-process.server");
  return runWorkerProcess({
    databaseUrl: env.DATABASE_URL,
    concurrency: env.WORKER_CONCURRENCY,
    healthPort: env.WORKER_HEALTH_PORT,
    graceSeconds: env.WORKER_SHUTDOWN_GRACE_SECONDS,
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
