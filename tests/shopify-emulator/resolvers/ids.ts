import { GraphQLError } from "graphql";
import { parseGid, type ParsedGid } from "../format";

/** A malformed global id is an argument error in Shopify (graphql-ruby's CoercionError). */
export function invalidGlobalId(value: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(value)}'`, {
    extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
  });
}

export function parseGidArg(value: unknown): ParsedGid {
  const parsed = typeof value === "string" ? parseGid(value) : null;
  if (!parsed) throw invalidGlobalId(value);
  return parsed;
}

/** The numeric id of a `gid://shopify/<resource>/<n>` argument, or null when it names another resource. */
export function idArgFor(resource: string, value: unknown): number | null {
  const parsed = parseGidArg(value);
  return parsed.resource === resource ? parsed.id : null;
}
