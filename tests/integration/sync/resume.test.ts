import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import { isCountedOrder, refundLine, cancelOrder, addOrder, type StoreData } from "../../shopify-emulator/store";
import db from "~/db.server";
import { LEASE_TTL_MS } from "~/sync/lease.server";
import { runSync } from "~/sync/sync-service.server";
import { dailySalesOf, differences, HOUR_MS, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf, must } from "./helpers";

// A run killed (SIGKILL, in a child process) at several points, then resumed by the next request,
// ends exactly at the ground truth; while it is dead, DailySales shows no half-applied day.
const clock = new TestClock();
const template = presetStore("small", { domain: "resume-small.myshopify.com" });
const SHOP = template.shop.domain;
let emulator: Emulator;
const data = (): StoreData => emulator.shop(SHOP).data;

function crashAt(checkpoint: string, full = false): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      ["tests/integration/sync/crash-child.ts", emulator.origin, SHOP, String(clock.ms), checkpoint, ...(full ? ["--full"] : [])],
      { stdio: ["ignore", "ignore", "pipe"], env: process.env },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      // tsx runs the script in a grandchild; its SIGKILL reaches us as exit code 128 + 9.
      if (signal === "SIGKILL" || code === 137) resolve(null);
      else reject(new Error(`crash child ended with code ${code} instead of dying at ${checkpoint}: ${stderr}`));
    });
  });
}

async function resumeAfterCrash() {
  // The dead runner's lease has to run out before anybody may take over its run.
  clock.advance(LEASE_TTL_MS + 1_000);
  const run = await runSync({ shop: SHOP, trigger: "manual" }, testEnvironment(emulator, clock));
  expect(run.errorMessage).toBeNull();
  expect(run.status).toBe("succeeded");
  expect(run.attempts).toBe(2);
  return run;
}

beforeAll(async () => {
  emulator = await startTestEmulator([structuredClone(template)], clock);
});
afterAll(async () => {
  await emulator.close();
});

describe("a backfill killed and resumed", () => {
  it.each([
    ["after the catalog, while waiting for the export", "state:waiting"],
    ["inside a batch's transaction, before it commits", "orders:batch-written#3"],
    ["between two committed batches", "orders:batch-committed:4"],
    ["inside the final rebuild, before it commits", "finalize:written"],
  ])("%s ends exact", async (_label, checkpoint) => {
    await resetDatabase();
    await installStore(template);
    await crashAt(checkpoint, true);
    const dead = await db.syncRun.findFirstOrThrow({ where: { shop: SHOP } });
    expect(["catalog", "waiting", "downloading", "finalizing"]).toContain(dead.status);
    // Nothing half-done is visible: the rebuild that writes DailySales never committed.
    expect(await db.dailySales.count({ where: { shop: SHOP } })).toBe(0);

    const run = await resumeAfterCrash();
    expect(run.id).toBe(dead.id);
    if (checkpoint.startsWith("orders:batch-committed")) expect(dead.linesApplied).toBeGreaterThan(0);
    expect(differences(await dailySalesOf(SHOP), truthOf(data()))).toEqual([]);
  });
});

describe("an incremental sync killed and resumed", () => {
  it.each([["between two committed batches", "orders:batch-committed:1"]])("%s keeps the old totals until it completes, then ends exact", async (_label, checkpoint) => {
    await resetDatabase();
    await installStore(template);
    await runSync({ shop: SHOP, trigger: "install" }, testEnvironment(emulator, clock));
    const before = await dailySalesOf(SHOP);
    clock.advance(HOUR_MS);
    const counted = data().orders.filter((o) => isCountedOrder(o) && o.lines.some((l) => l.currentQuantity > 0));
    emulator.mutateStore(SHOP, (s) => {
      for (const [i, order] of counted.slice(-400).entries()) {
        const at = clock.advance(1_000);
        if (i % 2 === 0) refundLine(s, order.id, must(order.lines.find((l) => l.currentQuantity > 0), "a line").id, 1, at);
        else cancelOrder(s, order.id, at);
      }
      addOrder(s, { lines: [{ variantId: must(s.variants.find((v) => !v.deleted), "a live variant").id, quantity: 3 }], customerId: 4242 }, clock.advance(1_000));
    });
    clock.advance(HOUR_MS);

    await crashAt(checkpoint);
    expect(await dailySalesOf(SHOP)).toEqual(before);
    await resumeAfterCrash();
    expect(differences(await dailySalesOf(SHOP), truthOf(data()))).toEqual([]);
  });
});
