import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildClientSchema, Kind, parse, validate, type IntrospectionQuery, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";

// Every GraphQL document in app/ — found by scanning the source for `#graphql` template literals,
// so a document nobody registered is still checked — must parse and validate against the vendored
// Admin API schema, and carry an app-unique PascalCase name prefixed "Backstop".
const APP_DIR = path.resolve("app");
const SCHEMA_FILE = path.join(APP_DIR, "shopify/schema/admin_2026-10.json.gz");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

interface FoundDocument {
  file: string;
  text: string;
}

function findDocuments(): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const file of sourceFiles(APP_DIR)) {
    const source = fs.readFileSync(file, "utf8");
    for (const match of source.matchAll(/`#graphql([\s\S]*?)`/g)) {
      found.push({ file: path.relative(process.cwd(), file), text: match[1] });
    }
  }
  return found;
}

const schemaJson = JSON.parse(zlib.gunzipSync(fs.readFileSync(SCHEMA_FILE)).toString("utf8")) as { data: IntrospectionQuery };
const schema = buildClientSchema(schemaJson.data);
const documents = findDocuments();

describe("GraphQL documents in app/", () => {
  it("finds the sync's documents (the scan itself works)", () => {
    const names = documents.map((d) => /(?:query|mutation)\s+(\w+)/.exec(d.text)?.[1]);
    expect(names).toEqual(
      expect.arrayContaining([
        "BackstopBulkOrders",
        "BackstopBulkOrdersWithCustomers",
        "BackstopBulkOperationRunQuery",
        "BackstopBulkOperation",
        "BackstopShopProfile",
        "BackstopVariantsPage",
        "BackstopInventoryLevelsPage",
        "BackstopBulkCatalog",
      ]),
    );
  });

  it.each(documents.map((d) => [d.file, d] as const))("%s validates against the 2026-10 schema", (_file, document) => {
    expect(document.text).not.toContain("${");
    const ast = parse(document.text);
    const errors = validate(schema, ast).map((e) => e.message);
    expect(errors).toEqual([]);
    const operations = ast.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
    expect(operations[0].name?.value).toMatch(/^Backstop[A-Z][A-Za-z0-9]*$/);
  });

  it("gives every operation a name no other document uses", () => {
    const names = documents.map((d) => /(?:query|mutation)\s+(\w+)/.exec(d.text)?.[1]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("rejects a document that names a field the schema lacks (the check has teeth)", () => {
    const errors = validate(schema, parse("query BackstopBroken { shop { ianaTimezoneTypo } }"));
    expect(errors.length).toBeGreaterThan(0);
  });
});
