/**
 * Which database a DATABASE_URL names. SQLite (file:…) is the embedded default; PostgreSQL
 * (postgres:// or postgresql://) is for many shops on several machines. Everything that differs
 * between the two asks here rather than parsing the URL itself.
 */
export type DatabaseProvider = "sqlite" | "postgres";

export function databaseProviderOf(databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return "postgres";
  throw new Error(`Unsupported DATABASE_URL "${databaseUrl.split(":")[0]}:": use file:<path> (SQLite) or postgresql://… (PostgreSQL)`);
}

/** The SQLite file a file: URL names (query string dropped). */
export function sqlitePathOf(databaseUrl: string): string {
  if (databaseProviderOf(databaseUrl) !== "sqlite") throw new Error("sqlitePathOf needs a file: DATABASE_URL");
  return databaseUrl.slice("file:".length).replace(/\?.*$/, "");
}
