import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv } from "~/env.server";
import { PLAN_LOCK_NAMESPACE, withShopPlanLock } from "~/models/shop-plan-lock.server";

// Plans of one shop are ordered across processes on PostgreSQL: "another process" here is a
// separate connection holding the shop's advisory lock, exactly what a worker planning the shop holds.
const SHOP = "plan-lock.myshopify.com";
const OTHER_SHOP = "plan-lock-other.myshopify.com";
const clients: pg.Client[] = [];

async function otherProcess(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await client.connect();
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) await client.end();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withShopPlanLock on PostgreSQL", () => {
  it("waits while another process plans the shop, and does not hold up other shops", async () => {
    const other = await otherProcess();
    await other.query("SELECT pg_advisory_lock($1, hashtext($2))", [PLAN_LOCK_NAMESPACE, SHOP]);
    const events: string[] = [];
    const blocked = withShopPlanLock(SHOP, async () => {
      events.push("shop planned");
    });
    await withShopPlanLock(OTHER_SHOP, async () => {
      events.push("other shop planned");
    });
    await pause(300);
    expect(events).toEqual(["other shop planned"]);

    await other.query("SELECT pg_advisory_unlock($1, hashtext($2))", [PLAN_LOCK_NAMESPACE, SHOP]);
    await blocked;
    expect(events).toEqual(["other shop planned", "shop planned"]);
  });

  it("releases the lock when the plan fails, so other processes can plan the shop", async () => {
    await expect(
      withShopPlanLock(SHOP, async () => {
        throw new Error("planning failed");
      }),
    ).rejects.toThrow("planning failed");
    const other = await otherProcess();
    const { rows } = await other.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [PLAN_LOCK_NAMESPACE, SHOP]);
    expect(rows[0].locked).toBe(true);
  });

  it("holds the lock for exactly the plan's duration", async () => {
    const other = await otherProcess();
    let heldDuringPlan: boolean | null = null;
    await withShopPlanLock(SHOP, async () => {
      const { rows } = await other.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [PLAN_LOCK_NAMESPACE, SHOP]);
      heldDuringPlan = !rows[0].locked;
    });
    expect(heldDuringPlan).toBe(true);
    const { rows } = await other.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [PLAN_LOCK_NAMESPACE, SHOP]);
    expect(rows[0].locked).toBe(true);
  });
});
