/**
 * The field-resolution table: one entry per (type, field) the emulator implements. Both the paged
 * GraphQL path (graphql-js `execute`) and the bulk JSONL projector read values only through this
 * table, so the two cannot disagree about what a field means or how a value is written.
 */
import type { EmulatorBehaviour } from "../options";
import type { AccessIndex } from "../schema";
import type { ScopeSet } from "../scopes";
import type { SearchWarning } from "../search-query";
import type { ShopState } from "../shop-state";
import type { BulkOperationService } from "../bulk/operations";

export type Args = Record<string, unknown>;

export interface ResolveContext {
  shop: ShopState;
  scopes: ScopeSet;
  access: AccessIndex;
  nowMs: number;
  behaviour: EmulatorBehaviour;
  bulk: BulkOperationService;
  /** Warnings from `query:` arguments, reported in extensions.search. */
  searchWarnings: Array<{ path: ReadonlyArray<string | number>; query: string; warnings: SearchWarning[] }>;
}

/** A connection's full content in order; pagination (or bulk enumeration) is applied on top. */
export interface OrderedList<T> {
  items: readonly T[];
  /** Unique numeric key per item (cursor last_id). */
  key(item: T): number;
  /** The sort key's value (cursor last_value); defaults to the key. */
  sortValue?(item: T): number | string;
  descending?: boolean;
  /** The `query:` text and its warnings, when the connection takes one. */
  search?: { query: string; warnings: SearchWarning[] };
}

export interface ValueField<S> {
  kind: "value";
  resolve(source: S, args: Args, context: ResolveContext): unknown;
}

export interface ConnectionField<S> {
  kind: "connection";
  list(source: S, args: Args, context: ResolveContext): OrderedList<unknown>;
}

export type FieldEntry<S> = ValueField<S> | ConnectionField<S>;

export type TypeResolvers<S> = Record<string, FieldEntry<S>>;

/** Type name → its fields. Types absent here are plain data objects read by property. */
export type ResolverTable = ReadonlyMap<string, TypeResolvers<unknown>>;

export function value<S>(resolve: (source: S, args: Args, context: ResolveContext) => unknown): ValueField<S> {
  return { kind: "value", resolve };
}

export function connection<S, T>(
  list: (source: S, args: Args, context: ResolveContext) => OrderedList<T>,
): ConnectionField<S> {
  return { kind: "connection", list: list as ConnectionField<S>["list"] };
}

/** Registers a type's fields under a typed source; the table itself is source-agnostic. */
export function defineType<S>(name: string, fields: TypeResolvers<S>): [string, TypeResolvers<unknown>] {
  return [name, fields as unknown as TypeResolvers<unknown>];
}

/**
 * A value handed to an abstract type (Node) carries its concrete type name, since store objects are
 * plain data and say nothing about their GraphQL type.
 */
export class Typed<S = unknown> {
  constructor(
    readonly typeName: string,
    readonly value: S,
  ) {}
}

export function simpleList<T>(items: readonly T[], key: (item: T) => number): OrderedList<T> {
  return { items, key };
}

export function reverseIf<T>(list: OrderedList<T>, reverse: unknown): OrderedList<T> {
  if (reverse !== true) return list;
  return { ...list, items: [...list.items].reverse(), descending: !list.descending };
}
