import http from "node:http";
import type { PgBoss } from "pg-boss";
import type { WorkerHandle, WorkerStatus } from "./worker.server";

/**
 * The worker's own health endpoint (workers serve no app pages): GET /healthz answers 200 while
 * the worker takes jobs and reaches the database, 503 while it stops or cannot reach it, so an
 * orchestrator restarts a stuck worker and stops counting a stopping one.
 */
export interface WorkerHealth extends WorkerStatus {
  status: "ok" | "unavailable";
  database: { ok: boolean; latencyMs: number };
  uptimeSeconds: number;
}

export async function probeWorker(worker: WorkerHandle, boss: PgBoss, timeoutMs = 2_000): Promise<WorkerHealth> {
  const state = worker.status();
  const started = performance.now();
  let databaseOk = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      boss.getDb().executeSql("SELECT 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    databaseOk = true;
  } catch {
    databaseOk = false;
  } finally {
    clearTimeout(timer);
  }
  return {
    ...state,
    status: state.state === "running" && databaseOk ? "ok" : "unavailable",
    database: { ok: databaseOk, latencyMs: Math.round(performance.now() - started) },
    uptimeSeconds: Math.round((Date.now() - state.startedAtMs) / 1000),
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startWorkerHealthServer(port: number, probe: () => Promise<WorkerHealth>): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found");
      return;
    }
    probe().then(
      (health) => {
        res.writeHead(health.status === "ok" ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(JSON.stringify(health));
      },
      () => res.writeHead(503, { "Content-Type": "text/plain" }).end("unavailable"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
