/**
 * Relay cursor pagination over an already filtered and sorted list. Cursors have Shopify's shape:
 * base64 of {"last_id":…, "last_value":…}, so a cursor stays valid when items are added or removed
 * around it.
 */
import { GraphQLError } from "graphql";
import type { OrderedList } from "./types";

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ConnectionPage<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

interface CursorPayload {
  last_id: number;
  last_value: string;
}

export function encodeCursor<T>(list: OrderedList<T>, item: T): string {
  const payload: CursorPayload = {
    last_id: list.key(item),
    last_value: String(list.sortValue ? list.sortValue(item) : list.key(item)),
  };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

function decodeCursor(cursor: string): CursorPayload {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      typeof (parsed as CursorPayload).last_id === "number" &&
      typeof (parsed as CursorPayload).last_value === "string"
    ) {
      return parsed as CursorPayload;
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor: ${cursor}`, { extensions: { code: "BAD_REQUEST" } });
}

/**
 * Index of the first item strictly after the cursor's position. When the cursor's item is gone,
 * its (sort value, id) still says where it was.
 */
function positionAfter<T>(list: OrderedList<T>, cursor: CursorPayload): number {
  const exact = list.items.findIndex((item) => list.key(item) === cursor.last_id);
  if (exact >= 0) return exact + 1;
  const index = list.items.findIndex((item) => compareToCursor(list, item, cursor) > 0);
  return index < 0 ? list.items.length : index;
}

function positionBefore<T>(list: OrderedList<T>, cursor: CursorPayload): number {
  const exact = list.items.findIndex((item) => list.key(item) === cursor.last_id);
  if (exact >= 0) return exact;
  const index = list.items.findIndex((item) => compareToCursor(list, item, cursor) > 0);
  return index < 0 ? list.items.length : index;
}

/** Sign of item − cursor in the list's order (ascending unless list.descending). */
function compareToCursor<T>(list: OrderedList<T>, item: T, cursor: CursorPayload): number {
  const value = list.sortValue ? list.sortValue(item) : list.key(item);
  const cursorValue = typeof value === "number" ? Number(cursor.last_value) : cursor.last_value;
  let sign = value < cursorValue ? -1 : value > cursorValue ? 1 : 0;
  if (sign === 0) sign = Math.sign(list.key(item) - cursor.last_id);
  return list.descending ? -sign : sign;
}

export function paginate<T>(list: OrderedList<T>, args: PageArgs): ConnectionPage<T> {
  let start = 0;
  let end = list.items.length;
  if (args.after) start = positionAfter(list, decodeCursor(args.after));
  if (args.before) end = Math.max(start, positionBefore(list, decodeCursor(args.before)));
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const nodes = list.items.slice(start, end);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(list, node), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: end < list.items.length,
      hasPreviousPage: start > 0,
      startCursor: edges.length > 0 ? edges[0].cursor : null,
      endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null,
    },
  };
}
