import { describe, expect, it } from "vitest";
import { databaseProviderOf, sqlitePathOf } from "~/db/database-url";
import { toNumberedPlaceholders } from "~/sync/postgres-connection.server";

describe("databaseProviderOf", () => {
  it.each([
    ["file:./prisma/dev.db", "sqlite"],
    ["file:/tmp/x.db?connection_limit=1", "sqlite"],
    ["postgresql://backstop@127.0.0.1:5432/backstop", "postgres"],
    ["postgres://u:p@db.internal/backstop?sslmode=require", "postgres"],
  ])("reads %s as %s", (url, provider) => {
    expect(databaseProviderOf(url)).toBe(provider);
  });

  it("names the scheme it cannot use", () => {
    expect(() => databaseProviderOf("mysql://root@localhost/backstop")).toThrow('Unsupported DATABASE_URL "mysql:"');
  });

  it("gives the SQLite file without the query string", () => {
    expect(sqlitePathOf("file:/tmp/x.db?connection_limit=1")).toBe("/tmp/x.db");
    expect(() => sqlitePathOf("postgresql://h/db")).toThrow();
  });
});

describe("toNumberedPlaceholders", () => {
  it("numbers ? placeholders in order", () => {
    expect(toNumberedPlaceholders(`UPDATE "T" SET "a" = ? WHERE "shop" = ? AND "id" IN (?, ?)`)).toBe(
      `UPDATE "T" SET "a" = $1 WHERE "shop" = $2 AND "id" IN ($3, $4)`,
    );
  });

  it("leaves question marks inside string literals and quoted identifiers alone", () => {
    expect(toNumberedPlaceholders(`SELECT 'why?' AS "q?" FROM "T" WHERE "x" = ?`)).toBe(`SELECT 'why?' AS "q?" FROM "T" WHERE "x" = $1`);
  });
});
