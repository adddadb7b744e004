/**
 * A worker process for the failover tests: the real worker process (runWorkerProcess: queue,
 * job loop, SIGTERM handling) with the tests' fast queue settings and a sync environment aimed at
 * the emulator, which stops itself when its sync run reaches a named checkpoint:
 *   kill  SIGKILL, no cleanup of any kind (a crashed machine)
 *   term  SIGTERM, the graceful shutdown an orchestrator asks for (grace 0 s: the job is handed back)
 * Not a test file.
 *
 *   tsx tests/integration/jobs/worker-child.ts <origin> <nowMs> <kill|term> <checkpoint[#occurrence]>
 *
 * DATABASE_URL and the rest of the configuration come from the parent's environment.
 */
import { FAST_MAINTENANCE, FAST_QUEUES } from "./helpers";

const [adminOrigin, nowText, mode, stopAt] = process.argv.slice(2);
if (mode !== "kill" && mode !== "term") throw new Error(`mode must be kill or term (got ${mode})`);
const [stopName, occurrenceText] = stopAt.split("#");
const occurrence = Number(occurrenceText ?? "1");
let seen = 0;
let clockMs = Number(nowText);

const { runWorkerProcess } = await import("~/jobs/worker-process.server");
const { defaultSyncEnvironment } = await import("~/sync/sync-environment.server");
const { createAdminClient } = await import("~/shopify/admin-client.server");
const { getEnv } = await import("~/env.server");
const { default: db } = await import("~/db.server");

const sleep = (ms: number) => {
  clockMs += ms;
  return new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)));
};

const code = await runWorkerProcess({
  databaseUrl: getEnv().DATABASE_URL,
  concurrency: 1,
  healthPort: 0,
  graceSeconds: 0,
  queueOverrides: FAST_QUEUES,
  boss: FAST_MAINTENANCE,
  pollingIntervalSeconds: 0.5,
  syncEnvironment: () =>
    defaultSyncEnvironment({
      now: () => clockMs,
      sleep,
      clientFor: async (shop) => {
        const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
        return createAdminClient({ shop, accessToken: session.accessToken, origin: adminOrigin, now: () => clockMs, sleep });
      },
      pollBaseMs: 10,
      pollMaxMs: 100,
      batchOrders: 150,
      partOrders: 40,
      pendingCapacity: 400,
      checkpoint: (name) => {
        if (name !== stopName) return;
        seen += 1;
        if (seen === occurrence) process.kill(process.pid, mode === "kill" ? "SIGKILL" : "SIGTERM");
      },
    }),
  onReady: () => process.stdout.write("ready\n"),
});
process.exit(code);
