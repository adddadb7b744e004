import { describe, expect, it } from "vitest";
import { isPostgresDatabase } from "~/env.server";
import { loader as healthz } from "~/routes/healthz";

// GET /healthz on both deployments: the web process reaches its database.
describe("GET /healthz", () => {
  it("answers 200 with the deployment mode and the database's answer, never cached", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({
      status: "ok",
      mode: isPostgresDatabase() ? "queue" : "embedded",
      database: { ok: true, latencyMs: expect.any(Number) },
    });
  });
});
