/**
 * Shopify's calculated query cost and the per-shop leaky bucket ✅ [RL] ⚠️ formula details:
 * scalars and enums cost 0, an object 1, a connection 2 + n × (cost of one node), where n is `first`
 * or `last`; a mutation field 10. `requestedQueryCost` is computed before execution from the
 * arguments; `actualQueryCost` afterwards from what was really returned, and the difference is
 * refunded to the bucket.
 */
import {
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  type GraphQLOutputType,
  type GraphQLObjectType,
  type SelectionSetNode,
  type OperationDefinitionNode,
} from "graphql";
import {
  argumentsOf,
  collectFields,
  operationRootType,
  subSelections,
  type CollectedField,
  type CompositeParent,
  type WalkContext,
} from "./selection";

export const MUTATION_FIELD_COST = 10;

export function isConnectionType(type: GraphQLOutputType): type is GraphQLObjectType {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith("Connection") && "pageInfo" in named.getFields();
}

function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

export function requestedQueryCost(context: WalkContext, operation: OperationDefinitionNode): number {
  const root = operationRootType(context.schema, operation);
  const fields = collectFields(context, root, [operation.selectionSet]);
  if (operation.operation === "mutation") return fields.length * MUTATION_FIELD_COST;
  return selectionCost(context, root, [operation.selectionSet]);
}

function selectionCost(context: WalkContext, parent: CompositeParent, sets: readonly SelectionSetNode[]): number {
  let total = 0;
  for (const field of collectFields(context, parent, sets)) total += fieldCost(context, field);
  return total;
}

function fieldCost(context: WalkContext, field: CollectedField): number {
  const type = field.definition.type;
  const named = getNamedType(type);
  if (!isCompositeType(named)) return 0;
  if (isConnectionType(type)) {
    const args = argumentsOf(context, field);
    const size = pageSize(args);
    return 2 + size * connectionNodeCost(context, named as GraphQLObjectType, subSelections(field));
  }
  const own = objectCost(context, named, subSelections(field));
  if (isListOutput(type)) {
    const args = argumentsOf(context, field);
    const first = typeof args.first === "number" ? args.first : 1;
    return first * own;
  }
  return own;
}

function objectCost(context: WalkContext, named: GraphQLOutputType, sets: readonly SelectionSetNode[]): number {
  if (!isObjectType(named) && !isInterfaceType(named)) return 1; // unions: their members are charged as objects
  return 1 + selectionCost(context, named, sets);
}

/** Cost of one node of a connection, whether it was selected through `edges { node }` or `nodes`. */
function connectionNodeCost(
  context: WalkContext,
  connection: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
): number {
  let cost = 0;
  for (const field of collectFields(context, connection, sets)) {
    if (field.fieldName === "nodes") {
      cost = Math.max(cost, objectCost(context, getNamedType(field.definition.type), subSelections(field)));
    } else if (field.fieldName === "edges") {
      const edgeType = getNamedType(field.definition.type) as GraphQLObjectType;
      for (const edgeField of collectFields(context, edgeType, subSelections(field))) {
        if (edgeField.fieldName !== "node") continue;
        cost = Math.max(cost, objectCost(context, getNamedType(edgeField.definition.type), subSelections(edgeField)));
      }
    }
  }
  return cost;
}

export function pageSize(args: Record<string, unknown>): number {
  if (typeof args.first === "number") return args.first;
  if (typeof args.last === "number") return args.last;
  return 0;
}

/** Cost of what was actually returned: the same rules with real list lengths. */
export function actualQueryCost(
  context: WalkContext,
  operation: OperationDefinitionNode,
  data: Record<string, unknown> | null | undefined,
): number {
  if (operation.operation === "mutation") return requestedQueryCost(context, operation);
  if (!data) return 0;
  const root = operationRootType(context.schema, operation);
  return actualSelectionCost(context, root, [operation.selectionSet], data);
}

function actualSelectionCost(
  context: WalkContext,
  parent: CompositeParent,
  sets: readonly SelectionSetNode[],
  value: Record<string, unknown>,
): number {
  let total = 0;
  for (const field of collectFields(context, parent, sets)) {
    const named = getNamedType(field.definition.type);
    if (!isCompositeType(named)) continue;
    const fieldValue = value[field.responseKey];
    if (fieldValue === null || fieldValue === undefined) continue;
    if (isConnectionType(field.definition.type) && isRecord(fieldValue)) {
      total += 2 + actualConnectionNodesCost(context, named as GraphQLObjectType, subSelections(field), fieldValue);
    } else if (Array.isArray(fieldValue)) {
      for (const element of fieldValue) total += actualObjectCost(context, named, subSelections(field), element);
    } else {
      total += actualObjectCost(context, named, subSelections(field), fieldValue);
    }
  }
  return total;
}

function actualObjectCost(
  context: WalkContext,
  named: GraphQLOutputType,
  sets: readonly SelectionSetNode[],
  value: unknown,
): number {
  if (!isRecord(value)) return 0;
  if (!isObjectType(named) && !isInterfaceType(named)) return 1;
  return 1 + actualSelectionCost(context, named, sets, value);
}

function actualConnectionNodesCost(
  context: WalkContext,
  connection: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  value: Record<string, unknown>,
): number {
  // Nodes reached through `nodes` and through `edges { node }` are the same objects: charge the
  // larger of the two views, as the requested cost does.
  let viaNodes = 0;
  let viaEdges = 0;
  for (const field of collectFields(context, connection, sets)) {
    const listed = value[field.responseKey];
    if (!Array.isArray(listed)) continue;
    if (field.fieldName === "nodes") {
      const nodeType = getNamedType(field.definition.type);
      let sum = 0;
      for (const node of listed) sum += actualObjectCost(context, nodeType, subSelections(field), node);
      viaNodes = Math.max(viaNodes, sum);
    } else if (field.fieldName === "edges") {
      const edgeType = getNamedType(field.definition.type) as GraphQLObjectType;
      let sum = 0;
      for (const edgeField of collectFields(context, edgeType, subSelections(field))) {
        if (edgeField.fieldName !== "node") continue;
        const nodeType = getNamedType(edgeField.definition.type);
        for (const edge of listed) {
          if (isRecord(edge)) sum += actualObjectCost(context, nodeType, subSelections(edgeField), edge[edgeField.responseKey]);
        }
      }
      viaEdges = Math.max(viaEdges, sum);
    }
  }
  return Math.max(viaNodes, viaEdges);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * Leaky bucket per app+shop ✅ [RL]: holds up to `maximumAvailable` points and refills continuously at
 * `restoreRate` points per second, measured on the emulator's clock (injectable in tests).
 */
export class LeakyBucket {
  private available: number;
  private updatedAtMs: number;

  constructor(
    private maximumAvailable: number,
    private restoreRate: number,
    private readonly now: () => number,
  ) {
    this.available = maximumAvailable;
    this.updatedAtMs = now();
  }

  private refill(): void {
    const nowMs = this.now();
    const elapsedSeconds = Math.max(0, nowMs - this.updatedAtMs) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsedSeconds * this.restoreRate);
    this.updatedAtMs = nowMs;
  }

  /** Takes `cost` points if they are there; a throttled request takes nothing. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Sets the level directly (the THROTTLED fault). */
  setAvailable(points: number): void {
    this.refill();
    this.available = Math.max(0, Math.min(this.maximumAvailable, points));
  }

  configure(settings: { maximumAvailable?: number; restoreRate?: number }): void {
    this.refill();
    if (settings.maximumAvailable !== undefined) this.maximumAvailable = settings.maximumAvailable;
    if (settings.restoreRate !== undefined) this.restoreRate = settings.restoreRate;
    this.available = Math.min(this.available, this.maximumAvailable);
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
