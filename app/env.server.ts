import { z } from "zod";
import { databaseProviderOf } from "./db/database-url";

/**
 * Backstop's configuration: the only module that reads process.env. Parsing fails at boot with
 * one message naming every missing or malformed variable, so a misconfigured deploy never starts
 * half-working.
 */
const booleanFlag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((value) => value === "1" || value === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().min(1, "is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.url("must be the app's public URL, e.g. https://backstop.example.com"),
  SCOPES: z
    .string()
    .min(1, "is required, e.g. read_orders,read_all_orders,read_products,read_inventory"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)"),
  /** PostgreSQL only: connections each process's Prisma pool may open (web and each worker). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Where the Admin API lives. Unset: https://{shop} (real Shopify). Set: that origin for every
   * shop (the local emulator in tests and the demo).
   */
  SHOPIFY_ADMIN_ORIGIN: z.url().optional(),
  /** Bearer token for POST /internal/sync (external schedulers). Unset: the endpoint answers 404. */
  CRON_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  /** "in-process" runs the daily scheduler inside the web process; "off" leaves it to cron or workers. */
  SYNC_SCHEDULER: z.enum(["in-process", "off"]).default("in-process"),
  /** Demo mode: the fixed demo shop is the merchant, no Shopify login. Refused in production. */
  BACKSTOP_DEMO: booleanFlag,
  DEMO_SHOP: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain").optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** PostgreSQL deployments: sync jobs one worker process (`npm run worker`) runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Port of the worker's own health endpoint (GET /healthz); 0 turns it off. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** Seconds a worker told to stop (SIGTERM) lets running jobs finish before handing them back to the queue. */
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses a variables object (process.env by default) or throws a ConfigError naming every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      const missing = issue.code === "invalid_type" && source[name] === undefined;
      return missing ? `${name} is missing` : `${name} ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const env = result.data;
  if (env.BACKSTOP_DEMO) assertDemoAllowed(env);
  return env;
}

/**
 * Demo mode replaces the merchant's identity, so it must never run against real Shopify or in
 * production: it needs an explicit flag, NODE_ENV other than production, and an Admin origin on
 * this machine (the emulator).
 */
function assertDemoAllowed(env: Env): void {
  const problems: string[] = [];
  if (env.NODE_ENV === "production") problems.push("BACKSTOP_DEMO cannot be enabled with NODE_ENV=production");
  if (!env.SHOPIFY_ADMIN_ORIGIN) {
    problems.push("BACKSTOP_DEMO needs SHOPIFY_ADMIN_ORIGIN pointing at the local emulator");
  } else if (!isLoopback(new URL(env.SHOPIFY_ADMIN_ORIGIN).hostname)) {
    problems.push(`BACKSTOP_DEMO refuses a non-emulator Admin origin (${env.SHOPIFY_ADMIN_ORIGIN})`);
  }
  if (!env.DEMO_SHOP) problems.push("BACKSTOP_DEMO needs DEMO_SHOP (the emulator's demo shop domain)");
  if (problems.length > 0) throw new ConfigError(problems);
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The multi-machine deployment: PostgreSQL, with daily syncs and webhook work as jobs in a queue
 * taken by worker processes. False for the embedded default (SQLite, in-process scheduler).
 */
export function isPostgresDatabase(env: Env = getEnv()): boolean {
  return databaseProviderOf(env.DATABASE_URL) === "postgres";
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed once). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
