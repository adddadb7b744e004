import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../shopify-emulator/server";
import { freePort } from "../../support/free-port";
import { PRODUCTION_NODE_FLAGS } from "../../../scripts/production-node-flags";
import { buildLikeTheWorker } from "../../support/worker-build";
import { dailySalesOf, differences, installStore, presetStore, truthOf } from "../sync/helpers";
import { eventually, openTestQueue, settledJob } from "./helpers";
import db from "~/db.server";
import { enqueueSync } from "~/jobs/enqueue.server";
import { QUEUE } from "~/jobs/queues";

// What production runs: the worker built to plain JavaScript (`npm run build`, scripts/vite.worker.config.ts)
// and started with `node build/worker/worker.js`, no tsx. Built here into a temp folder, it boots on
// this PostgreSQL database, answers its health check, takes a sync job from the queue, syncs a
// store from the emulator exactly, and stops cleanly on SIGTERM.
const store = presetStore("small", { domain: "bundle-worker.myshopify.com", nowMs: Date.now() - 60_000 });
const SHOP = store.shop.domain;
let outDir = "";
let removeBuild = () => {};
const nodeBinary = path.resolve("node_modules/.bin/node");
let emulator: Emulator;
let boss: PgBoss;
let worker: ChildProcess | null = null;

beforeAll(async () => {
  const built = await buildLikeTheWorker();
  outDir = built.dir;
  removeBuild = built.remove;
  // Real time: the worker process runs on the system clock, so the emulator does too.
  emulator = await startEmulator({ stores: [store] });
  boss = await openTestQueue("web");
  await installStore(store);
}, 120_000);

afterAll(async () => {
  worker?.kill("SIGKILL");
  await boss?.stop({ graceful: false });
  await emulator?.close();
  removeBuild();
});

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("the built worker (node build/worker/worker.js)", () => {
  it("answers --help without a database, and refuses an unknown command with exit code 2", async () => {
    expect(execFileSync(nodeBinary, [path.join(outDir, "worker.js"), "--help"]).toString()).toContain("usage: npm run worker");
    const bad = spawn(nodeBinary, [path.join(outDir, "worker.js"), "frobnicate"], { stdio: "ignore" });
    expect(await exited(bad)).toBe(2);
  });

  it("syncs a shop from a queued job, answers its health check, and stops on SIGTERM", async () => {
    const healthPort = await freePort();
    worker = spawn(nodeBinary, [path.join(outDir, "worker.js")], {
      env: { ...process.env, NODE_ENV: "production", SHOPIFY_ADMIN_ORIGIN: emulator.origin, WORKER_HEALTH_PORT: String(healthPort), WORKER_SHUTDOWN_GRACE_SECONDS: "5", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    worker.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const health = await eventually(
      "the worker's health check",
      async () => {
        if (worker?.exitCode !== null) throw new Error(`the worker exited with ${worker?.exitCode}: ${stderr}`);
        const response = await fetch(`http://127.0.0.1:${healthPort}/healthz`).catch(() => null);
        return response?.ok ? ((await response.json()) as { state: string }) : undefined;
      },
      60_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; worker stderr: ${stderr}`);
    });
    expect(health.state).toBe("running");

    const jobId = await enqueueSync(boss, { shop: SHOP, trigger: "install" });
    expect(jobId).not.toBeNull();
    const job = await settledJob(boss, QUEUE.syncShop, jobId as string, 120_000);
    expect(job.state, stderr).toBe("completed");
    const run = await db.syncRun.findFirstOrThrow({ where: { shop: SHOP } });
    expect(run.status).toBe("succeeded");
    expect(differences(await dailySalesOf(SHOP), truthOf(store))).toEqual([]);

    const stopping = exited(worker);
    worker.kill("SIGTERM");
    expect(await stopping).toBe(0);
    worker = null;
  }, 180_000);
});

describe("the built sync CLI (npm run start:sync)", () => {
  const cli = (args: string[]) => spawn(nodeBinary, [...PRODUCTION_NODE_FLAGS, path.join(outDir, "sync.js"), ...args], {
    env: { ...process.env, NODE_ENV: "production", SHOPIFY_ADMIN_ORIGIN: emulator.origin, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  /** What the process printed so far: standard output and error apart. */
  const output = (child: ChildProcess) => {
    const printed = { stdout: "", stderr: "" };
    child.stdout?.on("data", (chunk: Buffer) => (printed.stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (printed.stderr += chunk.toString()));
    return printed;
  };

  it("refuses a domain that is not a shop's with exit code 2", async () => {
    const child = cli(["--shop", "not a shop"]);
    const printed = output(child);
    expect(await exited(child)).toBe(2);
    expect(printed.stderr).toContain("--shop must be a myshopify.com domain");
  });

  it("re-reads a shop's whole history with the production Node flags and prints the succeeded run", async () => {
    const child = cli(["--shop", SHOP, "--full"]);
    const printed = output(child);
    expect(await exited(child), printed.stderr).toBe(0);
    const run = JSON.parse(printed.stdout) as { status: string; kind: string; trigger: string };
    expect(run).toMatchObject({ status: "succeeded", kind: "backfill", trigger: "cli" });
    expect(differences(await dailySalesOf(SHOP), truthOf(store))).toEqual([]);
  }, 120_000);
});
