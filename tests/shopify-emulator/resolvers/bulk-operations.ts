/**
 * Bulk operations through GraphQL: the two mutations, `bulkOperation(id:)`, `bulkOperations(query:)`
 * (newest first by default ✅ [S]) and the deprecated `currentBulkOperation`.
 */
import { dateTimeOrNull, gid, unsignedInt64 } from "../format";
import { compileSearch, type SearchSpec } from "../search-query";
import type { BulkOperationRecord } from "../bulk/operations";
import { idArgFor } from "./ids";
import { connection, defineType, value, type OrderedList, type ResolveContext } from "./types";

function bulkSearch(context: ResolveContext): SearchSpec<BulkOperationRecord> {
  const statusIs = (status: string) => (op: BulkOperationRecord) => context.bulk.statusOf(op) === status;
  return {
    fields: {
      id: { type: "id", get: (op) => op.id },
      created_at: { type: "time", get: (op) => op.createdAtMs },
      operation_type: { type: "enum", values: { query: (op) => op.type === "QUERY", mutation: () => false } },
      status: {
        type: "enum",
        values: {
          canceled: statusIs("CANCELED"),
          canceling: statusIs("CANCELING"),
          completed: statusIs("COMPLETED"),
          created: statusIs("CREATED"),
          failed: statusIs("FAILED"),
          running: statusIs("RUNNING"),
          expired: statusIs("EXPIRED"),
        },
      },
    },
  };
}

export const bulkOperationResolvers = [
  defineType<unknown>("QueryRoot", {
    bulkOperation: value((_root, args, context) => {
      const id = idArgFor("BulkOperation", args.id);
      return id === null ? null : context.bulk.find(context.shop, id);
    }),
    currentBulkOperation: value((_root, args, context) => {
      const type = args.type ?? "QUERY";
      const mine = context.bulk.list(context.shop).filter((op) => op.type === type);
      // Ids grow with creation, so the most recent operation has the largest id.
      return mine.length === 0 ? null : mine.reduce((a, b) => (b.id > a.id ? b : a));
    }),
    bulkOperations: connection((_root, args, context): OrderedList<BulkOperationRecord> => {
      const query = typeof args.query === "string" ? args.query : "";
      const compiled = compileSearch(query, bulkSearch(context), {
        nowMs: context.nowMs,
        ianaTimezone: context.shop.data.shop.ianaTimezone,
        strictComparisonsInclusive: context.behaviour.search.strictComparisonsInclusive,
      });
      const sortValue =
        args.sortKey === "COMPLETED_AT"
          ? (op: BulkOperationRecord) => op.completedAtMs ?? 0
          : args.sortKey === "ID"
            ? (op: BulkOperationRecord) => op.id
            : (op: BulkOperationRecord) => op.createdAtMs;
      const items = context.bulk
        .list(context.shop)
        .filter(compiled.matches)
        .sort((a, b) => sortValue(a) - sortValue(b) || a.id - b.id);
      // Newest first unless reversed.
      const descending = args.reverse !== true;
      if (descending) items.reverse();
      return {
        items,
        key: (op) => op.id,
        sortValue,
        descending,
        search: query ? { query, warnings: compiled.warnings } : undefined,
      };
    }),
  }),

  defineType<unknown>("Mutation", {
    bulkOperationRunQuery: value((_root, args, context) =>
      context.bulk.runQuery(context.shop, String(args.query), args.groupObjects === true),
    ),
    bulkOperationCancel: value((_root, args, context) => {
      const id = idArgFor("BulkOperation", args.id);
      if (id === null) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
      return context.bulk.cancel(context.shop, id);
    }),
  }),

  defineType<BulkOperationRecord>("BulkOperation", {
    id: value((op) => gid("BulkOperation", op.id)),
    type: value((op) => op.type),
    status: value((op, _args, context) => context.bulk.statusOf(op)),
    errorCode: value((op) => op.errorCode),
    query: value((op) => op.query),
    createdAt: value((op) => dateTimeOrNull(op.createdAtMs)),
    completedAt: value((op) => dateTimeOrNull(op.completedAtMs)),
    objectCount: value((op) => unsignedInt64(op.objectCount)),
    rootObjectCount: value((op) => unsignedInt64(op.rootObjectCount)),
    fileSize: value((op) => (op.fileSize === null ? null : unsignedInt64(op.fileSize))),
    url: value((op, _args, context) => context.bulk.url(op, "result")),
    partialDataUrl: value((op, _args, context) => context.bulk.url(op, "partial")),
  }),
];
