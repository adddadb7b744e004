import pg from "pg";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearQueues, openTestQueue } from "./helpers";
import { getEnv } from "~/env.server";
import { probeWorker, startWorkerHealthServer, type HealthServer } from "~/jobs/worker-health.server";
import { startWorker, type WorkerHandle } from "~/jobs/worker.server";
import { loader as healthz } from "~/routes/healthz";

// Health endpoints on PostgreSQL: the web's /healthz turns 503 while the database refuses
// connections and 200 again after; the worker's own endpoint is 200 while it takes jobs and 503
// once it stops.
let boss: PgBoss;
let worker: WorkerHandle;
let server: HealthServer;
const databaseName = new URL(getEnv().DATABASE_URL).pathname.slice(1);

/** Runs SQL on the server's maintenance database (not the one being cut off). */
async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client(process.env.BACKSTOP_TEST_PG_ADMIN_URL);
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  boss = await openTestQueue("worker");
  await clearQueues(boss);
  worker = await startWorker({ boss, concurrency: 1, schedule: false });
  server = await startWorkerHealthServer(0, () => probeWorker(worker, boss));
});
afterAll(async () => {
  await server?.close();
  await boss?.stop({ graceful: false }).catch(() => undefined);
});

describe("web /healthz", () => {
  it("answers 503 (without the driver's words) while the database refuses connections, and 200 once it accepts them again", async () => {
    expect((await healthz()).status).toBe(200);
    await asAdmin(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS false`);
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}' AND pid <> pg_backend_pid()`);
    try {
      const down = await healthz();
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", mode: "queue", database: { ok: false, latencyMs: expect.any(Number), error: "unreachable" } });
    } finally {
      await asAdmin(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS true`);
    }
    expect((await healthz()).status).toBe(200);
  });
});

describe("the worker's health endpoint", () => {
  it("answers 200 while the worker takes jobs, 404 for other paths, and 503 once it has stopped", async () => {
    const up = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: "ok", state: "running", database: { ok: true }, inFlight: {}, completed: 0, failed: 0 });
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);

    await worker.stop(1_000);
    const down = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable", state: "stopped", database: { ok: false } });
  });
});
