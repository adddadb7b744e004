import db from "~/db.server";
import { databaseProviderOf } from "~/db/database-url";
import { getEnv } from "~/env.server";

/** Empties every table of this test file's database (cheap: the database is private to the file). */
export async function resetDatabase(): Promise<void> {
  if (databaseProviderOf(getEnv().DATABASE_URL) === "postgres") {
    const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    await db.$executeRawUnsafe(`TRUNCATE ${tables.map(({ name }) => `"${name}"`).join(", ")}`);
    return;
  }
  const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
  );
  for (const { name } of tables) await db.$executeRawUnsafe(`DELETE FROM "${name}"`);
}

export { db };

/**
 * Makes every INSERT into `table` whose `column` equals `value` fail (a trigger), to prove a
 * multi-row write is one transaction. Returns the function that removes the trigger.
 */
export async function failInsertsWhere(table: string, column: string, value: string): Promise<() => Promise<void>> {
  if (databaseProviderOf(getEnv().DATABASE_URL) === "postgres") {
    await db.$executeRawUnsafe(
      `CREATE FUNCTION backstop_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER backstop_test_fail BEFORE INSERT ON "${table}" FOR EACH ROW WHEN (NEW."${column}" = '${value}') EXECUTE FUNCTION backstop_test_fail()`,
    );
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER backstop_test_fail ON "${table}"`);
      await db.$executeRawUnsafe(`DROP FUNCTION backstop_test_fail()`);
    };
  }
  await db.$executeRawUnsafe(
    `CREATE TRIGGER backstop_test_fail BEFORE INSERT ON "${table}" WHEN NEW."${column}" = '${value}' BEGIN SELECT RAISE(ABORT, 'boom'); END`,
  );
  return async () => {
    await db.$executeRawUnsafe("DROP TRIGGER backstop_test_fail");
  };
}
