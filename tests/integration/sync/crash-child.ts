/**
 * A sync run in its own process that dies (SIGKILL, no cleanup of any kind) when it reaches a
 * named checkpoint: the crash the resume tests recover from. Not a test file.
 *
 *   tsx tests/integration/sync/crash-child.ts <origin> <shop> <nowMs> <checkpoint[#occurrence]> [--full]
 *
 * DATABASE_URL and the rest of the configuration come from the parent's environment.
 */
export {};

const [adminOrigin, shop, nowText, killAt, ...flags] = process.argv.slice(2);
const [killName, occurrenceText] = killAt.split("#");
const occurrence = Number(occurrenceText ?? "1");
let seen = 0;
let clockMs = Number(nowText);

const { runSync } = await import("~/sync/sync-service.server");
const { defaultSyncEnvironment } = await import("~/sync/sync-environment.server");
const { createAdminClient } = await import("~/shopify/admin-client.server");
const { default: db } = await import("~/db.server");

const sleep = (ms: number) => {
  clockMs += ms;
  return new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)));
};

const run = await runSync(
  { shop, trigger: "manual", full: flags.includes("--full") },
  defaultSyncEnvironment({
    now: () => clockMs,
    sleep,
    clientFor: async (s) => {
      const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${s}` } });
      return createAdminClient({ shop: s, accessToken: session.accessToken, origin: adminOrigin, now: () => clockMs, sleep });
    },
    pollBaseMs: 10,
    pollMaxMs: 100,
    batchOrders: 150,
    // Several staged parts per batch: a kill may find some staged and not committed.
    partOrders: 40,
    pendingCapacity: 400,
    checkpoint: (name) => {
      if (name !== killName) return;
      seen += 1;
      if (seen === occurrence) process.kill(process.pid, "SIGKILL");
    },
  }),
);
// Reaching here means the checkpoint never came: the parent treats exit code 3 as a test error.
process.stderr.write(`run ended ${run.status} ${run.errorCode ?? ""} ${run.errorMessage ?? ""} without reaching ${killAt}\n`);
process.exit(3);
