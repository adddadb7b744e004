/**
 * Access-scope enforcement from the schema's own `offline_scopes` index. A field is readable when the
 * token satisfies both the field's requirement (if any) and the requirement of the type it returns
 * (for connections and lists: the node/element type). Shopify reports a denial on the field that
 * reaches the restricted data: "Access denied for orders field. Required access: …".
 */
import {
  GraphQLError,
  getNamedType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLOutputType,
} from "graphql";
import type { AccessIndex, AccessRequirement } from "./schema";

export const ACCESS_SCOPES_DOC = "https://shopify.dev/api/usage/access-scopes";

/** Granted scopes, with Shopify's implication that `write_x` also grants `read_x`. */
export class ScopeSet {
  private readonly granted: ReadonlySet<string>;

  constructor(scopes: readonly string[]) {
    const all = new Set<string>();
    for (const scope of scopes) {
      all.add(scope);
      if (scope.startsWith("write_")) all.add(`read_${scope.slice("write_".length)}`);
    }
    this.granted = all;
  }

  has(scope: string): boolean {
    return this.granted.has(scope);
  }

  satisfies(requirement: AccessRequirement | undefined): boolean {
    return requirement === undefined || requirement.scopes.some((scope) => this.granted.has(scope));
  }

  list(): string[] {
    return [...this.granted].sort();
  }
}

/** The type whose objects a field hands out: a connection's node type, a list's element type. */
export function dataTypeOf(type: GraphQLOutputType): GraphQLNamedType {
  const named = getNamedType(type);
  if (isObjectType(named) && named.name.endsWith("Connection")) {
    const nodes = named.getFields().nodes;
    if (nodes) return getNamedType(nodes.type);
  }
  return named;
}

export interface AccessDenial {
  fieldName: string;
  requirement: AccessRequirement;
}

export function checkFieldAccess(
  index: AccessIndex,
  scopes: ScopeSet,
  parentTypeName: string,
  fieldName: string,
  returnType: GraphQLOutputType,
): AccessDenial | null {
  const fieldRequirement = index.forField(parentTypeName, fieldName);
  if (fieldRequirement && !scopes.satisfies(fieldRequirement)) return { fieldName, requirement: fieldRequirement };
  const typeRequirement = index.forType(dataTypeOf(returnType).name);
  if (typeRequirement && !scopes.satisfies(typeRequirement)) return { fieldName, requirement: typeRequirement };
  return null;
}

export function accessDeniedError(denial: AccessDenial): GraphQLError {
  return new GraphQLError(
    `Access denied for ${denial.fieldName} field. Required access: ${denial.requirement.text}`,
    {
      extensions: {
        code: "ACCESS_DENIED",
        documentation: ACCESS_SCOPES_DOC,
        requiredAccess: denial.requirement.text,
      },
    },
  );
}
