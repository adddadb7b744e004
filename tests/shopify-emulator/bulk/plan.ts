/**
 * Compiles a validated bulk query into a projection plan: for every object, the fields to read
 * (through the shared resolver table, with arguments resolved once) and the connections whose nodes
 * become lines of their own. Running the plan over millions of objects is then a tight loop, without
 * graphql-js `execute` and its per-field overhead.
 */
import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
} from "graphql";
import { isConnectionType } from "../cost";
import { fieldReader, readProperty, notImplemented } from "../resolvers/index";
import type { Args, OrderedList, ResolveContext, ResolverTable } from "../resolvers/types";
import type { AccessRequirement, AccessIndex } from "../schema";
import { dataTypeOf } from "../scopes";
import { argumentsOf, collectFields, subSelections, type CollectedField, type CompositeParent, type WalkContext } from "../selection";
import type { ValidBulkQuery } from "./validate";

export type Reader = (source: unknown, context: ResolveContext) => unknown;

/** A table resolver and its arguments, resolved once at compile time (one call per field and row). */
export type Resolve = (source: unknown, args: Args, context: ResolveContext) => unknown;

export type FieldPlan =
  | { kind: "leaf"; key: string; resolve: Resolve; args: Args }
  | {
      kind: "object";
      key: string;
      resolve: Resolve;
      args: Args;
      plan: ObjectPlan;
      isList: boolean;
      /** The field returns an interface or union: values arrive tagged with their concrete type. */
      isAbstract: boolean;
    };

export interface ConnectionPlan {
  key: string;
  list: (source: unknown, context: ResolveContext) => OrderedList<unknown>;
  node: ObjectPlan;
}

export interface ObjectPlan {
  typeName: string;
  fields: FieldPlan[];
  /** Connections selected directly on this object: their nodes are written as separate lines. */
  connections: ConnectionPlan[];
  /** The object's global id, for its children's __parentId (null when the type has no id). */
  idOf: Reader | null;
}

export interface AccessCheck {
  fieldName: string;
  requirement: AccessRequirement;
}

export interface BulkPlan {
  roots: ConnectionPlan[];
  /** Every scope requirement the query touches; checked against the token when the run starts. */
  accessChecks: AccessCheck[];
}

export class UnsupportedFieldError extends Error {}

export function compileBulkPlan(query: ValidBulkQuery, table: ResolverTable, access: AccessIndex): BulkPlan {
  const { walk, operation } = query;
  const root = walk.schema.getQueryType();
  if (!root) throw new Error("The schema has no query root");
  const accessChecks: AccessCheck[] = [];

  const noteAccess = (parentTypeName: string, field: CollectedField): void => {
    const fieldRequirement = access.forField(parentTypeName, field.fieldName);
    if (fieldRequirement) accessChecks.push({ fieldName: field.fieldName, requirement: fieldRequirement });
    const typeRequirement = access.forType(dataTypeOf(field.definition.type).name);
    if (typeRequirement) accessChecks.push({ fieldName: field.fieldName, requirement: typeRequirement });
  };

  const compileConnection = (parent: CompositeParent, field: CollectedField): ConnectionPlan => {
    const entry = fieldReader(table, parent.name, field.fieldName);
    if (entry === null || entry === "property" || entry.kind !== "connection") {
      throw new UnsupportedFieldError(notImplemented(parent.name, field.fieldName).message);
    }
    const args = argumentsOf(walk, field);
    const connectionType = getNamedType(field.definition.type) as CompositeParent;
    const nodeType = dataTypeOf(field.definition.type) as CompositeParent;
    // `edges { node { … } }` and `nodes { … }` select the same objects: merge both selections.
    const nodeSets: Parameters<typeof collectFields>[2][number][] = [];
    for (const part of collectFields(walk, connectionType, subSelections(field))) {
      if (part.fieldName === "nodes") nodeSets.push(...subSelections(part));
      if (part.fieldName === "edges") {
        const edgeType = getNamedType(part.definition.type) as CompositeParent;
        for (const edgeField of collectFields(walk, edgeType, subSelections(part))) {
          if (edgeField.fieldName === "node") nodeSets.push(...subSelections(edgeField));
        }
      }
    }
    const list = entry.list;
    return {
      key: field.responseKey,
      list: (source, context) => list(source, args, context),
      node: compileObject(nodeType, nodeSets),
    };
  };

  const compileObject = (type: CompositeParent, sets: Parameters<typeof collectFields>[2]): ObjectPlan => {
    const fields: FieldPlan[] = [];
    const connections: ConnectionPlan[] = [];
    for (const field of collectFields(walk, type, sets)) {
      noteAccess(type.name, field);
      if (field.fieldName === "__typename") {
        const typeName = type.name;
        fields.push({ kind: "leaf", key: field.responseKey, resolve: () => typeName, args: {} });
        continue;
      }
      if (isConnectionType(field.definition.type)) {
        connections.push(compileConnection(type, field));
        continue;
      }
      const { resolve, args } = compileResolve(table, type.name, field, walk);
      const named = getNamedType(field.definition.type);
      if (isObjectType(named) || isInterfaceType(named)) {
        fields.push({
          kind: "object",
          key: field.responseKey,
          resolve,
          args,
          plan: compileObject(named, subSelections(field)),
          isList: isList(field.definition.type),
          isAbstract: isAbstractType(named),
        });
      } else {
        fields.push({ kind: "leaf", key: field.responseKey, resolve, args });
      }
    }
    const idEntry = fieldReader(table, type.name, "id");
    const idOf: Reader | null =
      idEntry !== null && idEntry !== "property" && idEntry.kind === "value"
        ? (source, context) => idEntry.resolve(source, {}, context)
        : null;
    return { typeName: type.name, fields, connections, idOf };
  };

  const rootPlan = compileObject(root, [operation.selectionSet]);
  return { roots: rootPlan.connections, accessChecks };
}

function compileResolve(
  table: ResolverTable,
  typeName: string,
  field: CollectedField,
  walk: WalkContext,
): { resolve: Resolve; args: Args } {
  const entry = fieldReader(table, typeName, field.fieldName);
  if (entry === null) throw new UnsupportedFieldError(notImplemented(typeName, field.fieldName).message);
  if (entry === "property") {
    const name = field.fieldName;
    return { resolve: (source) => readProperty(source, typeName, name), args: {} };
  }
  if (entry.kind !== "value") throw new UnsupportedFieldError(notImplemented(typeName, field.fieldName).message);
  return { resolve: entry.resolve, args: argumentsOf(walk, field) };
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}
