/**
 * Paging limits checked before execution: every connection needs `first` or `last`, and neither may
 * exceed 250 ✅ [LIM] (message text ⚠️ [COMM-250]).
 */
import { GraphQLError, getNamedType, isObjectType, isInterfaceType, type OperationDefinitionNode } from "graphql";
import { isConnectionType } from "./cost";
import {
  argumentsOf,
  collectFields,
  operationRootType,
  subSelections,
  type CompositeParent,
  type WalkContext,
} from "./selection";

export const MAX_PAGE_SIZE = 250;

export function connectionLimitErrors(context: WalkContext, operation: OperationDefinitionNode): GraphQLError[] {
  if (operation.operation !== "query") return [];
  const errors: GraphQLError[] = [];
  const visit = (parent: CompositeParent, sets: Parameters<typeof collectFields>[2], path: string[]): void => {
    for (const field of collectFields(context, parent, sets)) {
      const fieldPath = [...path, field.responseKey];
      if (isConnectionType(field.definition.type)) {
        const args = argumentsOf(context, field);
        const problem = pageArgumentProblem(args);
        if (problem) {
          errors.push(new GraphQLError(problem, { nodes: field.nodes[0], path: fieldPath }));
          continue;
        }
      }
      const named = getNamedType(field.definition.type);
      if (isObjectType(named) || isInterfaceType(named)) visit(named, subSelections(field), fieldPath);
    }
  };
  visit(operationRootType(context.schema, operation), [operation.selectionSet], []);
  return errors;
}

function pageArgumentProblem(args: Record<string, unknown>): string | null {
  const { first, last } = args;
  if (typeof first !== "number" && typeof last !== "number") return "you must provide one of first or last";
  for (const [name, value] of [["first", first], ["last", last]] as const) {
    if (typeof value === "number" && value > MAX_PAGE_SIZE) {
      return `${name} cannot exceed ${MAX_PAGE_SIZE}. To query larger amounts of data with fewer limits, bulk operations should be used instead.`;
    }
    if (typeof value === "number" && value < 0) return `${name} cannot be negative`;
  }
  return null;
}
