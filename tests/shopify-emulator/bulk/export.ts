/**
 * Produces a bulk query's JSONL from its plan ✅ [BULK]: each connection node on its own line,
 * nested nodes carrying `__parentId`, non-connection sub-objects inline. Without groupObjects the
 * children of a batch of parents follow the whole batch (after their parent, not directly after, as
 * Shopify warns ✅ [RUBY729]); with groupObjects each parent is followed by its descendants.
 */
import { Typed, type ResolveContext } from "../resolvers/types";
import type { ConnectionPlan, FieldPlan, ObjectPlan } from "./plan";
import type { JsonlFileWriter } from "./jsonl-writer";

export interface ExportOptions {
  groupObjects: boolean;
  /** Parents written before their children (ungrouped mode). */
  interleaveBatchSize: number;
  /** Root objects between two yields to the event loop. */
  rootsPerSlice: number;
  /** Stop after this many root objects (the partial-data fault). */
  stopAfterRoots?: number;
  /** Polled between slices: cancellation, shutdown, or a stall fault (awaited). */
  checkpoint: () => Promise<"continue" | "stop">;
  onProgress: (objectCount: number, rootObjectCount: number) => void;
}

export interface ExportResult {
  objectCount: number;
  rootObjectCount: number;
  stopped: boolean;
}

interface PendingNode {
  plan: ObjectPlan;
  source: unknown;
  parentId: unknown;
}

export async function exportBulkPlan(
  roots: readonly ConnectionPlan[],
  context: ResolveContext,
  writer: JsonlFileWriter,
  options: ExportOptions,
): Promise<ExportResult> {
  let objectCount = 0;
  let rootObjectCount = 0;
  const batchSize = options.groupObjects ? 1 : Math.max(1, options.interleaveBatchSize);
  const limit = options.stopAfterRoots ?? Number.POSITIVE_INFINITY;

  /** Reused for every line: the connections met while projecting it. */
  const nested: NestedConnection[] = [];

  /** Writes one object's line and queues the nodes of the connections below it. */
  const writeNode = (node: PendingNode, children: PendingNode[]): void => {
    nested.length = 0;
    const row = project(node.plan, node.source, context, nested);
    if (node.parentId !== undefined) row.__parentId = node.parentId;
    writer.push(JSON.stringify(row));
    objectCount++;
    for (let i = 0; i < nested.length; i++) {
      const { connection, owner, ownerPlan } = nested[i];
      const parentId = ownerPlan.idOf ? ownerPlan.idOf(owner, context) : null;
      const items = connection.list(owner, context).items;
      for (let j = 0; j < items.length; j++) children.push({ plan: connection.node, source: items[j], parentId });
    }
  };

  /** Writes a batch of parents, then their children, then grandchildren (or depth-first when grouped). */
  const writeBatch = (batch: PendingNode[]): void => {
    if (options.groupObjects) {
      const stack = [...batch].reverse();
      for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
        const children: PendingNode[] = [];
        writeNode(node, children);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      }
      return;
    }
    let level = batch;
    while (level.length > 0) {
      const next: PendingNode[] = [];
      for (const node of level) writeNode(node, next);
      level = next;
    }
  };

  for (const root of roots) {
    const items = root.list(null, context).items;
    let index = 0;
    while (index < items.length && rootObjectCount < limit) {
      const sliceEnd = Math.min(items.length, index + options.rootsPerSlice, index + (limit - rootObjectCount));
      while (index < sliceEnd) {
        const batchEnd = Math.min(sliceEnd, index + batchSize);
        const batch: PendingNode[] = [];
        for (; index < batchEnd; index++) batch.push({ plan: root.node, source: items[index], parentId: undefined });
        writeBatch(batch);
        rootObjectCount += batch.length;
      }
      options.onProgress(objectCount, rootObjectCount);
      await writer.maybeFlush();
      if ((await options.checkpoint()) === "stop") return { objectCount, rootObjectCount, stopped: true };
    }
    if (rootObjectCount >= limit) break;
  }
  options.onProgress(objectCount, rootObjectCount);
  return { objectCount, rootObjectCount, stopped: false };
}

interface NestedConnection {
  connection: ConnectionPlan;
  owner: unknown;
  ownerPlan: ObjectPlan;
}

/**
 * One object's line content: its fields in selection order, sub-objects inline, connections set
 * aside in `nested`. (Building the object and calling JSON.stringify measured faster than
 * concatenating the JSON text by hand: V8's string ropes cost more to flatten than they save.)
 */
function project(plan: ObjectPlan, source: unknown, context: ResolveContext, nested: NestedConnection[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const fields: FieldPlan[] = plan.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const value = field.resolve(source, field.args, context);
    if (field.kind === "leaf" || value === null || value === undefined) {
      row[field.key] = value ?? null;
    } else if (field.isList) {
      const elements = value as unknown[];
      const projected: unknown[] = new Array(elements.length);
      for (let j = 0; j < elements.length; j++) {
        const element = field.isAbstract && elements[j] instanceof Typed ? (elements[j] as Typed).value : elements[j];
        projected[j] = project(field.plan, element, context, nested);
      }
      row[field.key] = projected;
    } else {
      row[field.key] = project(field.plan, field.isAbstract && value instanceof Typed ? value.value : value, context, nested);
    }
  }
  for (const connection of plan.connections) nested.push({ connection, owner: source, ownerPlan: plan });
  return row;
}
