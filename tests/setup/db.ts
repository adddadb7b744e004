import db from "~/db.server";

/** Empties every table of this test file's database (cheap: the file is private to the file). */
export async function resetDatabase(): Promise<void> {
  const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
  );
  for (const { name } of tables) await db.$executeRawUnsafe(`DELETE FROM "${name}"`);
}

export { db };
