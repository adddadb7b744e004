#!/usr/bin/env node
// Prisma migrations without Prisma's native schema engine, which cannot be downloaded on the
// machines this project is built on. Drives Prisma's own Wasm schema engine
// (@prisma/schema-engine-wasm, pinned to the engines hash of prisma 7.10.0) through the same
// driver adapters the app uses, so `_prisma_migrations` rows are exactly what `prisma migrate`
// would write. See docs/decisions/001-offline-prisma-migrations.md.
//
// Usage (DATABASE_URL selects the database; file: → SQLite via libsql, postgres:// → PostgreSQL):
//   node scripts/prisma-migrate-offline.mjs deploy            apply pending migrations
//   node scripts/prisma-migrate-offline.mjs dev <name>        create a migration from schema changes, then apply
//   node scripts/prisma-migrate-offline.mjs status            exit 1 if history is failed/edited/diverged
//   node scripts/prisma-migrate-offline.mjs diff              exit 2 if migrations and schema differ (drift)
//
// A postgresql:// URL uses prisma/postgres/schema.prisma and its migrations; --schema <path> and
// --migrations <dir> choose another pair.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const url = process.env.DATABASE_URL;
// Each provider has its own schema (the PostgreSQL one is derived from the SQLite one) and
// migrations; DATABASE_URL picks the pair unless --schema says otherwise.
const isPostgresUrl = /^postgres(ql)?:\/\//.test(url ?? "");
const schemaPath = path.resolve(flag("--schema", isPostgresUrl ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma"));
const migrationsDir = path.resolve(flag("--migrations", path.join(path.dirname(schemaPath), "migrations")));
const [command, migrationName = "migration"] = args;
const quiet = process.env.PRISMA_MIGRATE_QUIET === "1";

if (!["deploy", "dev", "status", "diff"].includes(command ?? "")) {
  console.error("usage: prisma-migrate-offline.mjs <deploy|dev <name>|status|diff> [--schema path] [--migrations dir]");
  process.exit(64);
}
if (!url) {
  console.error("DATABASE_URL is not set (file:./dev.db for SQLite, postgresql://… for PostgreSQL)");
  process.exit(64);
}
const filters = { externalTables: [], externalEnums: [] };

async function loadEngine() {
  // The package entry imports the .wasm file as an ES module, which Node cannot do; load it by hand.
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const pkgDir = path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm")), {
    "./schema_engine_bg.js": bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg;
}

/** SQLite through libsql. The engine replays migration.sql with executeRaw (one prepared
 * statement); a migration has many statements, so argument-less calls become executeScript. */
async function sqliteFactory() {
  const { PrismaLibSql } = await import("@prisma/adapter-libsql");
  const factory = new PrismaLibSql({ url });
  const shim = (adapter) => {
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) =>
      query.args.length > 0 ? executeRaw(query) : (await adapter.executeScript(query.sql), 0);
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => shim(await factory.connect()),
    connectToShadowDb: async () => shim(await new PrismaLibSql({ url: ":memory:" }).connect()),
  };
}

/** PostgreSQL through adapter-pg, with the two fixes the engine needs: the "char" type (OID 18)
 * read from pg_constraint, and scripts sent as one simple query (atomic, $$-safe). The shadow
 * database is created and dropped here because adapter-pg's own shadow handling reuses the main DB. */
async function postgresFactory() {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const u = new URL(url);
  const config = {
    host: u.hostname,
    port: Number(u.port || 5432),
    database: u.pathname.slice(1),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
  const schema = u.searchParams.get("schema");
  if (schema) config.options = `-c search_path=${schema}`;
  const shim = (adapter) => {
    const pool = adapter.underlyingDriver();
    const query = pool.query.bind(pool);
    pool.query = async (...queryArgs) => {
      const result = await query(...queryArgs);
      for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
    adapter.executeScript = async (script) => {
      try {
        await query(script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    return adapter;
  };
  const main = new PrismaPg(config, schema ? { schema } : undefined);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => shim(await main.connect()),
    connectToShadowDb: async () => {
      const admin = await new PrismaPg(config).connect();
      const shadowName = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${shadowName}"`);
      const shadow = shim(await new PrismaPg({ ...config, database: shadowName, options: undefined }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

function migrationsList() {
  const names = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    shadowDbInitScript: "",
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

const bg = await loadEngine();
const isSqlite = url.startsWith("file:");
const factory = bindMigrationAwareSqlAdapterFactory(isSqlite ? await sqliteFactory() : await postgresFactory());
const schemaContent = fs.readFileSync(schemaPath, "utf8");
const relSchemaPath = path.relative(process.cwd(), schemaPath);
const schema = { files: [{ path: relSchemaPath, content: schemaContent }] };

let engine;
try {
  engine = await bg.SchemaEngine.new({ datamodels: [[relSchemaPath, schemaContent]] }, () => {}, factory);
  const deploy = async () => (await engine.applyMigrations({ migrationsList: migrationsList(), filters })).appliedMigrationNames;
  const log = (...m) => {
    if (!quiet) console.log(...m);
  };

  if (command === "deploy") {
    const applied = await deploy();
    log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else if (command === "dev") {
    await deploy(); // creates _prisma_migrations first; the diagnostic needs it
    const { action } = await engine.devDiagnostic({ migrationsList: migrationsList(), filters });
    if (action.tag === "reset") throw new Error(`migration history needs a reset: ${action.reason}`);
    const result = await engine.createMigration({ migrationsList: migrationsList(), schema, draft: false, migrationName, filters });
    if (!result.migrationScript) {
      log("no schema changes: no migration created");
    } else {
      const dir = path.join(migrationsDir, result.generatedMigrationName);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `migration.${result.extension}`), result.migrationScript);
      fs.writeFileSync(
        path.join(migrationsDir, "migration_lock.toml"),
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${result.connectorType}"\n`,
      );
      log(`created ${path.relative(process.cwd(), dir)}; applied: ${(await deploy()).join(", ")}`);
    }
  } else if (command === "status") {
    const status = await engine.diagnoseMigrationHistory({ migrationsList: migrationsList(), optInToShadowDatabase: false, filters });
    log(JSON.stringify(status, null, 2));
    const problems = status.failedMigrationNames.length + status.editedMigrationNames.length + (status.history ? 1 : 0);
    process.exitCode = problems > 0 ? 1 : 0;
  } else if (command === "diff") {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList() },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: true,
      filters,
    });
    process.stdout.write(result.stdout ?? "");
    process.exitCode = result.exitCode;
  }
} catch (error) {
  const id = /External error id#(\d+)/.exec(String(error?.message ?? error))?.[1];
  const driverError = id ? factory.errorRegistry?.consumeError?.(Number(id)) : undefined;
  console.error(`prisma-migrate-offline ${command} failed:`, driverError ? JSON.stringify(driverError) : (error?.message ?? error));
  process.exitCode = 1;
} finally {
  engine?.free();
}
