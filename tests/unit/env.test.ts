import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "~/env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://backstop.example.com",
  SCOPES: "read_orders,read_products",
  DATABASE_URL: "file:./dev.db",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("accepts a complete configuration and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env.SYNC_SCHEDULER).toBe("in-process");
    expect(env.BACKSTOP_DEMO).toBe(false);
  });

  it("names every missing variable at once", () => {
    const problems = problemsOf({ SCOPES: "read_orders" });
    expect(problems).toEqual(
      expect.arrayContaining([
        "SHOPIFY_API_KEY is missing",
        "SHOPIFY_API_SECRET is missing",
        "SHOPIFY_APP_URL is missing",
        "DATABASE_URL is missing",
      ]),
    );
    expect(problems.some((p) => p.startsWith("SCOPES"))).toBe(false);
  });

  it("names a malformed variable and says what is expected", () => {
    const problems = problemsOf({ ...valid, DATABASE_URL: "mysql://x", CRON_TOKEN: "short" });
    expect(problems).toContain("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
    expect(problems).toContain("CRON_TOKEN must be at least 32 characters");
  });

  it.each([
    [{ NODE_ENV: "production", SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:4000" }, "BACKSTOP_DEMO cannot be enabled with NODE_ENV=production"],
    [{ SHOPIFY_ADMIN_ORIGIN: "https://demo.myshopify.com" }, "BACKSTOP_DEMO refuses a non-emulator Admin origin (https://demo.myshopify.com)"],
    [{}, "BACKSTOP_DEMO needs SHOPIFY_ADMIN_ORIGIN pointing at the local emulator"],
  ])("refuses demo mode outside a local emulator setup (%o)", (overrides, expected) => {
    const problems = problemsOf({ ...valid, BACKSTOP_DEMO: "1", DEMO_SHOP: "demo.myshopify.com", ...overrides });
    expect(problems).toContain(expected);
  });

  it("allows demo mode against a loopback emulator", () => {
    const env = parseEnv({ ...valid, BACKSTOP_DEMO: "1", DEMO_SHOP: "demo.myshopify.com", SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:4100" });
    expect(env.BACKSTOP_DEMO).toBe(true);
  });
});
