import { PrismaClient } from "@prisma/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { getEnv } from "./env.server";

/**
 * The one Prisma client. SQLite (libsql driver adapter) by default: no native engine to download,
 * no compiler. The database file comes from DATABASE_URL.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(`Unsupported DATABASE_URL "${databaseUrl.split(":")[0]}:": use file:<path> for SQLite`);
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
