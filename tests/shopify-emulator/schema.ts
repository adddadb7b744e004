/**
 * The real Admin API 2026-10 schema (vendored in app/shopify/schema, see SOURCE.md there) and the
 * access-scope index Shopify ships beside it (`offline_scopes.items`). Loading takes ~1 s, so the
 * result is cached for the life of the process and shared by every emulator instance.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_SCHEMA_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../app/shopify/schema/admin_2026-10.json.gz",
);

/** What a type or a field demands of the token: any one of `scopes` will do. */
export interface AccessRequirement {
  scopes: readonly string[];
  /** Shopify's own wording, echoed in ACCESS_DENIED messages and extensions.requiredAccess. */
  text: string;
}

export interface AccessIndex {
  /** Type-level requirement: reading any field of an object of this type needs one of the scopes. */
  forType(typeName: string): AccessRequirement | undefined;
  /** Field-level requirement, in addition to the type-level one of its parent type. */
  forField(typeName: string, fieldName: string): AccessRequirement | undefined;
}

export interface AdminSchema {
  schema: GraphQLSchema;
  requiredAccess: AccessIndex;
}

interface OfflineScopeItem {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  requiredAccess: string;
  offlineScopes: string[];
}

let cached: AdminSchema | undefined;

export function loadAdminSchema(): AdminSchema {
  if (cached) return cached;
  const raw: unknown = JSON.parse(zlib.gunzipSync(fs.readFileSync(ADMIN_SCHEMA_PATH)).toString("utf8"));
  if (!isRecord(raw) || !isRecord(raw.data) || !isRecord(raw.offline_scopes)) {
    throw new Error(`${ADMIN_SCHEMA_PATH} is not an introspection result with offline_scopes`);
  }
  const schema = buildClientSchema(raw.data as unknown as IntrospectionQuery);
  const items = raw.offline_scopes.items;
  if (!Array.isArray(items)) throw new Error(`${ADMIN_SCHEMA_PATH}: offline_scopes.items is not a list`);
  cached = { schema, requiredAccess: indexAccess(items as OfflineScopeItem[]) };
  return cached;
}

function indexAccess(items: readonly OfflineScopeItem[]): AccessIndex {
  const types = new Map<string, AccessRequirement>();
  const fields = new Map<string, AccessRequirement>();
  for (const item of items) {
    // An empty list means "nothing beyond the type's own requirement".
    if (item.offlineScopes.length === 0) continue;
    const requirement = { scopes: [...new Set(item.offlineScopes)], text: item.requiredAccess };
    if (item.type === "type") types.set(item.typeName, requirement);
    else if (item.fieldName) fields.set(`${item.typeName}.${item.fieldName}`, requirement);
  }
  return {
    forType: (typeName) => types.get(typeName),
    forField: (typeName, fieldName) => fields.get(`${typeName}.${fieldName}`),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
