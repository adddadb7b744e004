import pg from "pg";
import { getEnv, isPostgresDatabase } from "~/env.server";

/**
 * One shop's plan materialisations, one at a time. A whole-shop plan reads every SKU's inputs and
 * writes seconds later; an edit's replan of a few SKUs that finished in between would be
 * overwritten with plans read before the edit. Queued behind it instead, the edit's replan reads
 * the committed edit and writes last.
 *
 * Within a process a promise chain per shop orders them. On PostgreSQL the web process (edits)
 * and the workers (plans after syncs) are different processes, possibly on different machines, so
 * the chain's head also takes a session advisory lock on the shop. The lock lives on a connection
 * of its own, outside Prisma's pool: holding a pooled connection while the plan needs others could
 * exhaust the pool with concurrent plans. If the process dies, PostgreSQL drops the connection and
 * its lock with it.
 */
const queues = new Map<string, Promise<unknown>>();

export function withShopPlanLock<T>(shop: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(shop) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => (isPostgresDatabase() ? withAdvisoryLock(shop, work) : work()));
  const settled = run.catch(() => undefined).finally(() => {
    if (queues.get(shop) === settled) queues.delete(shop);
  });
  queues.set(shop, settled);
  return run;
}

/** The advisory lock's key space: two int4 keys, this namespace and a hash of the shop. */
export const PLAN_LOCK_NAMESPACE = 0x42_53_50_4c; // "BSPL"

async function withAdvisoryLock<T>(shop: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: getEnv().DATABASE_URL, application_name: "backstop-plan-lock" });
  await client.connect();
  try {
    // Waits while another process plans this shop; hashtext spreads shops over int4 keys (a
    // collision only makes two shops wait for each other, never corrupts anything).
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [PLAN_LOCK_NAMESPACE, shop]);
    return await work();
  } finally {
    // Closing the session releases its locks; the explicit unlock just returns it sooner.
    await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [PLAN_LOCK_NAMESPACE, shop]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
