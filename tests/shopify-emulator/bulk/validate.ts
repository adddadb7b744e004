/**
 * Checks a bulk query before an operation is created: it must parse, validate against the real
 * schema, and respect the bulk restrictions ✅ [BOQ] ⚠️ [COMM-R]: at least one connection, at most
 * five, nesting at most two levels deep, no top-level `node`/`nodes`. The exact user-error wording is
 * ❓ unverified; every problem is reported as code INVALID on field ["query"].
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { isConnectionType } from "../cost";
import type { BulkSettings } from "../options";
import { shopifyErrorMessage } from "../errors";
import {
  collectFields,
  subSelections,
  walkContextFor,
  type CompositeParent,
  type WalkContext,
} from "../selection";

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";
}

export interface ValidBulkQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  walk: WalkContext;
}

export function invalid(message: string): BulkUserError {
  return { field: ["query"], message, code: "INVALID" };
}

export function validateBulkQuery(
  schema: GraphQLSchema,
  query: string,
  settings: Pick<BulkSettings, "maxConnections" | "maxConnectionDepth" | "connectionInList">,
): ValidBulkQuery | { userErrors: BulkUserError[] } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return { userErrors: [invalid(`Invalid bulk query: ${error.message}`)] };
    throw error;
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1) {
    return { userErrors: [invalid("Bulk queries must contain exactly one operation.")] };
  }
  const operation = operations[0];
  if (operation.operation !== "query") {
    return { userErrors: [invalid("Bulk queries must be a query operation; use bulkOperationRunMutation for mutations.")] };
  }
  if (operation.variableDefinitions && operation.variableDefinitions.length > 0) {
    return { userErrors: [invalid("Bulk queries cannot use variables.")] };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) {
    return { userErrors: validationErrors.map((e) => invalid(`Invalid bulk query: ${shopifyErrorMessage(e)}`)) };
  }

  const walk = walkContextFor(schema, document, {});
  const root = schema.getQueryType();
  if (!root) throw new Error("The schema has no query root");
  const problems: string[] = [];
  let connections = 0;
  let deepest = 0;

  const visit = (parent: CompositeParent, sets: Parameters<typeof collectFields>[2], depth: number, insideList: boolean): void => {
    for (const field of collectFields(walk, parent, sets)) {
      const type = field.definition.type;
      if (isConnectionType(type)) {
        connections++;
        const level = depth + 1;
        deepest = Math.max(deepest, level);
        if (insideList && settings.connectionInList === "reject") {
          problems.push(
            `Queries that contain a connection field within a list field are not currently supported (field '${field.fieldName}').`,
          );
        }
        visitConnection(getNamedType(type) as CompositeParent, subSelections(field), level);
        continue;
      }
      const named = getNamedType(type);
      if (isObjectType(named) || isInterfaceType(named)) {
        visit(named, subSelections(field), depth, insideList || isList(type));
      }
    }
  };
  const visitConnection = (connection: CompositeParent, sets: Parameters<typeof collectFields>[2], level: number): void => {
    for (const field of collectFields(walk, connection, sets)) {
      if (field.fieldName === "nodes") {
        visit(getNamedType(field.definition.type) as CompositeParent, subSelections(field), level, false);
      } else if (field.fieldName === "edges") {
        const edge = getNamedType(field.definition.type) as CompositeParent;
        for (const edgeField of collectFields(walk, edge, subSelections(field))) {
          if (edgeField.fieldName === "node") {
            visit(getNamedType(edgeField.definition.type) as CompositeParent, subSelections(edgeField), level, false);
          }
        }
      }
    }
  };

  for (const field of collectFields(walk, root, [operation.selectionSet])) {
    if (field.fieldName === "node" || field.fieldName === "nodes") {
      problems.push(`The top-level '${field.fieldName}' field can't be used in bulk queries.`);
    } else if (!isConnectionType(field.definition.type)) {
      problems.push(`Bulk queries only support connection fields at the top level ('${field.fieldName}' is not a connection).`);
    }
  }
  visit(root, [operation.selectionSet], 0, false);

  if (connections === 0) problems.push("Bulk queries must contain at least one connection.");
  if (connections > settings.maxConnections) {
    problems.push(`Bulk queries cannot contain more than ${settings.maxConnections} connections (found ${connections}).`);
  }
  if (deepest > settings.maxConnectionDepth) {
    problems.push(
      `Bulk queries cannot contain connections nested more than ${settings.maxConnectionDepth} levels deep (found ${deepest}).`,
    );
  }
  if (problems.length > 0) return { userErrors: [...new Set(problems)].map(invalid) };
  return { document, operation, walk };
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
