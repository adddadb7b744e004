import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProviderOf } from "./db/database-url";
import { getEnv } from "./env.server";

/**
 * The one Prisma client, for the database DATABASE_URL names:
 * - file:… → SQLite through the libsql driver adapter (the embedded default: no native engine to
 *   download, no compiler);
 * - postgresql://… → PostgreSQL through the pg driver adapter, with the client generated from
 *   prisma/postgres/schema.prisma (the same models; Prisma generates one client per provider).
 * Both clients have the same API, so the rest of the app never knows which one it holds.
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  if (databaseProviderOf(databaseUrl) === "postgres") {
    // Generated into node_modules/.prisma/client-postgres (a path ESM cannot name as a package).
    const { PrismaClient: PostgresPrismaClient } = createRequire(import.meta.url)(".prisma/client-postgres") as {
      PrismaClient: new (options: { adapter: PrismaPg }) => unknown;
    };
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? getEnv().DATABASE_POOL_SIZE });
    return new PostgresPrismaClient({ adapter }) as PrismaClient;
  }
  // The sync writes through its own connection (WAL mode); a busy timeout lets a page's write wait
  // for that transaction instead of failing at once with SQLITE_BUSY.
  return new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl, timeout: 5_000 }) });
}

declare global {
  // Parked on globalThis outside production so Vite's HMR reloads reuse one connection.
  var backstopPrisma: PrismaClient | undefined;
}

function getClient(): PrismaClient {
  globalThis.backstopPrisma ??= createPrismaClient(getEnv().DATABASE_URL);
  return globalThis.backstopPrisma;
}

/** Lazily connected so importing a module never opens the database (tests choose their own). */
const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getClient();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export default db;

/** Closes the shared client (workers and scripts call this before exiting). */
export async function disconnectDb(): Promise<void> {
  const client = globalThis.backstopPrisma;
  globalThis.backstopPrisma = undefined;
  await client?.$disconnect();
}
