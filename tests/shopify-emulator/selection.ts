/**
 * Walking a validated operation's selections the way an executor does (fragments expanded,
 * @skip/@include applied, fields with the same response key merged). Used by everything that reads a
 * query without running graphql-js `execute`: the cost calculator, the connection-argument limits and
 * the bulk projector.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  TypeNameMetaFieldDef,
  getArgumentValues,
  getDirectiveValues,
  isAbstractType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type SelectionSetNode,
  type InlineFragmentNode,
  type FragmentSpreadNode,
  typeFromAST,
  type OperationDefinitionNode,
  type DocumentNode,
} from "graphql";

export type CompositeParent = GraphQLObjectType | GraphQLInterfaceType;

export interface WalkContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export interface CollectedField {
  responseKey: string;
  fieldName: string;
  /** Every node selected under this response key (merged like graphql-js does). */
  nodes: FieldNode[];
  definition: GraphQLField<unknown, unknown>;
}

export function walkContextFor(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): WalkContext {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return { schema, fragments, variables };
}

/**
 * Fields selected on `parentType`. For abstract parents every fragment is included (a static
 * over-approximation, which is what cost analysis wants); pass `runtimeType` to keep only fragments
 * that apply to one concrete type.
 */
export function collectFields(
  context: WalkContext,
  parentType: CompositeParent,
  selectionSets: readonly SelectionSetNode[],
  runtimeType?: GraphQLObjectType,
): CollectedField[] {
  const byKey = new Map<string, CollectedField>();
  const visitedFragments = new Set<string>();

  const visit = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(context, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const existing = byKey.get(key);
        if (existing) {
          existing.nodes.push(selection);
          continue;
        }
        const definition = fieldDefinition(parentType, selection.name.value);
        if (!definition) continue; // impossible after validation, except on abstract over-approximation
        byKey.set(key, { responseKey: key, fieldName: selection.name.value, nodes: [selection], definition });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(context, selection, runtimeType)) visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visitedFragments.has(name)) continue;
        visitedFragments.add(name);
        const fragment = context.fragments[name];
        if (fragment && appliesTo(context, fragment, runtimeType)) visit(fragment.selectionSet);
      }
    }
  };
  for (const selectionSet of selectionSets) visit(selectionSet);
  return [...byKey.values()];
}

/** The selection sets under a (merged) field, for recursing into its type. */
export function subSelections(field: CollectedField): SelectionSetNode[] {
  const sets: SelectionSetNode[] = [];
  for (const node of field.nodes) if (node.selectionSet) sets.push(node.selectionSet);
  return sets;
}

export function argumentsOf(context: WalkContext, field: CollectedField): Record<string, unknown> {
  return getArgumentValues(field.definition, field.nodes[0], context.variables);
}

export function operationRootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType {
  const root =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "subscription"
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) throw new Error(`The schema has no ${operation.operation} root type`);
  return root;
}

function fieldDefinition(parentType: CompositeParent, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === "__typename") return TypeNameMetaFieldDef;
  return parentType.getFields()[name];
}

function isIncluded(
  context: WalkContext,
  node: FieldNode | InlineFragmentNode | FragmentSpreadNode,
): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, context.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, context.variables);
  return include?.if !== false;
}

function appliesTo(
  context: WalkContext,
  fragment: InlineFragmentNode | FragmentDefinitionNode,
  runtimeType: GraphQLObjectType | undefined,
): boolean {
  if (!runtimeType || !fragment.typeCondition) return true;
  const conditionType = typeFromAST(context.schema, fragment.typeCondition);
  if (!conditionType) return false;
  if (conditionType === runtimeType) return true;
  if (isAbstractType(conditionType)) return context.schema.isSubType(conditionType, runtimeType);
  return isObjectType(conditionType) && conditionType.name === runtimeType.name;
}
