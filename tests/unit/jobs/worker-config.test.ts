import { describe, expect, it } from "vitest";
import { ConfigError, isPostgresDatabase, parseEnv } from "~/env.server";

// The worker's settings are validated with the rest of the configuration: a bad value stops the
// process at boot with a message naming it.
const base = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://backstop.example.com",
  SCOPES: "read_orders",
  DATABASE_URL: "postgresql://backstop@db.internal:5432/backstop",
};

describe("worker configuration", () => {
  it("defaults to 2 jobs at once, health on port 8081, 25 seconds of shutdown grace", () => {
    expect(parseEnv(base)).toMatchObject({ WORKER_CONCURRENCY: 2, WORKER_HEALTH_PORT: 8081, WORKER_SHUTDOWN_GRACE_SECONDS: 25 });
  });

  it("reads numbers from their text", () => {
    expect(parseEnv({ ...base, WORKER_CONCURRENCY: "8", WORKER_HEALTH_PORT: "0", WORKER_SHUTDOWN_GRACE_SECONDS: "120" })).toMatchObject({
      WORKER_CONCURRENCY: 8,
      WORKER_HEALTH_PORT: 0,
      WORKER_SHUTDOWN_GRACE_SECONDS: 120,
    });
  });

  it.each([
    ["WORKER_CONCURRENCY", "0"],
    ["WORKER_CONCURRENCY", "2.5"],
    ["WORKER_CONCURRENCY", "lots"],
    ["WORKER_HEALTH_PORT", "70000"],
    ["WORKER_SHUTDOWN_GRACE_SECONDS", "-1"],
  ])("refuses %s=%s, naming it", (name, value) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(new RegExp(name));
  });
});

describe("isPostgresDatabase", () => {
  it.each([
    ["postgresql://u@h/db", true],
    ["postgres://u@h/db", true],
    ["file:./dev.sqlite", false],
  ])("%s → %s", (url, expected) => {
    expect(isPostgresDatabase(parseEnv({ ...base, DATABASE_URL: url }))).toBe(expected);
  });
});
