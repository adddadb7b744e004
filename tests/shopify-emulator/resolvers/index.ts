/**
 * The one resolver table, and the one way to read a field through it. The paged executor and the
 * bulk projector both call `fieldReader` so they share every field's meaning.
 */
import { GraphQLError } from "graphql";
import { bulkOperationResolvers } from "./bulk-operations";
import { catalogResolvers } from "./catalog";
import { moneyResolvers } from "./money";
import { nodeResolvers } from "./node";
import { orderResolvers } from "./orders";
import { shopResolvers } from "./shop";
import { Typed, type FieldEntry, type ResolverTable, type TypeResolvers } from "./types";

function mergeTables(...groups: Array<Array<[string, TypeResolvers<unknown>]>>): ResolverTable {
  const table = new Map<string, TypeResolvers<unknown>>();
  for (const group of groups) {
    for (const [typeName, fields] of group) {
      const existing = table.get(typeName) ?? {};
      for (const fieldName of Object.keys(fields)) {
        if (fieldName in existing) throw new Error(`Resolver ${typeName}.${fieldName} is defined twice`);
      }
      table.set(typeName, { ...existing, ...fields });
    }
  }
  return table;
}

export const RESOLVERS: ResolverTable = mergeTables(
  shopResolvers,
  moneyResolvers,
  catalogResolvers,
  orderResolvers,
  nodeResolvers,
  bulkOperationResolvers,
);

/**
 * How to read `typeName.fieldName`: a table entry, or (for types the table does not list, i.e. plain
 * data objects such as PageInfo, edges, payloads, InventoryQuantity) a property read. `null` means the
 * emulator does not implement the field.
 */
export function fieldReader(
  table: ResolverTable,
  typeName: string,
  fieldName: string,
): FieldEntry<unknown> | "property" | null {
  const fields = table.get(typeName);
  if (!fields) return "property";
  return Object.hasOwn(fields, fieldName) ? fields[fieldName] : null;
}

export function unwrapSource(source: unknown): unknown {
  return source instanceof Typed ? source.value : source;
}

export function readProperty(source: unknown, typeName: string, fieldName: string): unknown {
  if (typeof source === "object" && source !== null && Object.hasOwn(source, fieldName)) {
    return (source as Record<string, unknown>)[fieldName];
  }
  throw notImplemented(typeName, fieldName);
}

/** A field the real schema has but the emulator does not serve: loud, never a silent null. */
export function notImplemented(typeName: string, fieldName: string): GraphQLError {
  return new GraphQLError(`The Shopify emulator does not implement ${typeName}.${fieldName}`, {
    extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" },
  });
}
