import type { Prisma, SupplierAssignment } from "@prisma/client";
import db from "~/db.server";
import { logger } from "~/lib/logger.server";
import type { AssignmentFilter } from "./assignment.schema";
import type { AssignmentState } from "./bulk-edit-plan";
import { rematerialiseSkus } from "./sku-metrics.server";

/**
 * Who supplies which SKU (SupplierAssignment), read and written for one shop at a time. The
 * bulk changes live in bulk-edit.server.ts and the CSV import in assignment-import.server.ts;
 * both write through `replaceVariantAssignments` and record their undo with `recordUndo`.
 */

type Db = Prisma.TransactionClient | typeof db;

/** Replanning more SKUs than this happens after the response (a page never plans a whole shop). */
export const INLINE_REPLAN_LIMIT = 500;

/**
 * Replans the SKUs an edit touched. Small edits replan before the response so the page shows
 * the new recommendation; larger ones replan in the background and the page says so.
 */
export async function replanAfterEdit(shop: string, variantIds: readonly string[]): Promise<{ replannedInline: boolean }> {
  if (variantIds.length <= INLINE_REPLAN_LIMIT) {
    await rematerialiseSkus(shop, variantIds);
    return { replannedInline: true };
  }
  void rematerialiseSkus(shop, variantIds).catch((error: unknown) => {
    logger.error("background replan after an assignments edit failed", { shop, skuCount: variantIds.length, error: String(error) });
  });
  return { replannedInline: false };
}

/** A SKU's title as merchants know it: "Mug – Blue" (Shopify's "Default Title" left out). */
export function variantLabel(variant: { productTitle: string; variantTitle: string; sku: string | null }): string {
  const title = [variant.productTitle, variant.variantTitle].filter((part) => part && part !== "Default Title").join(" – ");
  return variant.sku ? `${title} (${variant.sku})` : title;
}

/** The `where` for the variants a filter matches (assignment-based parts resolved to id sets first). */
async function variantWhere(shop: string, filter: AssignmentFilter): Promise<Prisma.VariantWhereInput> {
  const where: Prisma.VariantWhereInput = { shop, deletedAt: null };
  const and: Prisma.VariantWhereInput[] = [];
  if (filter.query) {
    and.push({
      OR: [{ sku: { contains: filter.query } }, { productTitle: { contains: filter.query } }, { variantTitle: { contains: filter.query } }],
    });
  }
  if (filter.supplierId) {
    const rows = await db.supplierAssignment.findMany({ where: { shop, supplierId: filter.supplierId }, select: { variantId: true } });
    and.push({ id: { in: rows.map((row) => row.variantId) } });
  }
  if (filter.coverage !== "all") {
    const rows = await db.supplierAssignment.findMany({
      where: { shop, supplier: { archivedAt: null } },
      select: { variantId: true, role: true },
    });
    if (filter.coverage === "unassigned") {
      and.push({ id: { notIn: [...new Set(rows.map((row) => row.variantId))] } });
    } else {
      const withBackup = new Set(rows.filter((row) => row.role === "backup").map((row) => row.variantId));
      const withPrimaryOnly = [...new Set(rows.filter((row) => row.role === "primary" && !withBackup.has(row.variantId)).map((row) => row.variantId))];
      and.push({ id: { in: withPrimaryOnly } });
    }
  }
  return and.length > 0 ? { ...where, AND: and } : where;
}

export interface AssignmentTableRow {
  variantId: string;
  label: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string;
  assignments: Array<
    Pick<SupplierAssignment, "id" | "supplierId" | "role" | "stage" | "allocationPct" | "leadTimeDays" | "moqUnits" | "landedCostCents" | "capacityUnitsPerMonth"> & {
      supplierName: string;
      supplierArchived: boolean;
    }
  >;
}

/** One page of the SKUs × suppliers table, ordered by product then variant, with the total matching. */
export async function listAssignmentTable(
  shop: string,
  filter: AssignmentFilter,
  page: { page: number; pageSize: number },
): Promise<{ rows: AssignmentTableRow[]; total: number }> {
  const where = await variantWhere(shop, filter);
  const [total, variants] = await Promise.all([
    db.variant.count({ where }),
    db.variant.findMany({
      where,
      orderBy: [{ productTitle: "asc" }, { variantTitle: "asc" }, { id: "asc" }],
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
      select: { id: true, sku: true, productTitle: true, variantTitle: true },
    }),
  ]);
  const assignments = await db.supplierAssignment.findMany({
    where: { shop, variantId: { in: variants.map((v) => v.id) } },
    include: { supplier: { select: { name: true, archivedAt: true } } },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
  });
  return {
    total,
    rows: variants.map((variant) => ({
      variantId: variant.id,
      label: variantLabel(variant),
      sku: variant.sku,
      productTitle: variant.productTitle,
      variantTitle: variant.variantTitle,
      assignments: assignments
        .filter((a) => a.variantId === variant.id)
        .map(({ supplier, ...a }) => ({ ...a, supplierName: supplier.name, supplierArchived: supplier.archivedAt !== null })),
    })),
  };
}

/** Every variant id matching the filter ("select all matching this filter"). */
export async function listMatchingVariantIds(shop: string, filter: AssignmentFilter): Promise<string[]> {
  const rows = await db.variant.findMany({ where: await variantWhere(shop, filter), select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.id);
}

/** Of the given ids, those that are live variants of this shop (ids of other shops drop out). */
export async function keepShopVariantIds(shop: string, variantIds: readonly string[]): Promise<string[]> {
  const rows = await db.variant.findMany({ where: { shop, deletedAt: null, id: { in: [...new Set(variantIds)] } }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** The variants with every field a CSV export or a bulk preview shows. */
export async function listVariantsForExport(shop: string, filter: AssignmentFilter) {
  const where = await variantWhere(shop, filter);
  const variants = await db.variant.findMany({
    where,
    orderBy: [{ productTitle: "asc" }, { variantTitle: "asc" }, { id: "asc" }],
    select: { id: true, sku: true, productTitle: true, variantTitle: true },
  });
  const assignments = await db.supplierAssignment.findMany({
    where: { shop, variantId: { in: variants.map((v) => v.id) } },
    include: { supplier: { select: { name: true } } },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
  });
  return { variants, assignments };
}

/** The assignments of some variants, grouped by variant, as plain editable states. */
export async function loadAssignmentStates(
  client: Db,
  shop: string,
  variantIds: readonly string[],
): Promise<{ rows: SupplierAssignment[]; byVariant: Map<string, AssignmentState[]> }> {
  const rows = await client.supplierAssignment.findMany({
    where: { shop, variantId: { in: [...variantIds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const byVariant = new Map<string, AssignmentState[]>(variantIds.map((id) => [id, []]));
  for (const row of rows) {
    byVariant.get(row.variantId)?.push({
      id: row.id,
      supplierId: row.supplierId,
      role: row.role === "primary" ? "primary" : "backup",
      stage: row.stage,
      allocationPct: row.allocationPct,
      leadTimeDays: row.leadTimeDays,
      leadTimeSdDays: row.leadTimeSdDays,
      moqUnits: row.moqUnits,
      landedCostCents: row.landedCostCents,
      capacityUnitsPerMonth: row.capacityUnitsPerMonth,
    });
  }
  return { rows, byVariant };
}

/** Writes one variant's next assignments: deletes rows gone from `next`, updates kept ones, creates new ones. */
export async function replaceVariantAssignments(
  tx: Prisma.TransactionClient,
  shop: string,
  variantId: string,
  current: readonly AssignmentState[],
  next: readonly AssignmentState[],
): Promise<void> {
  const keptIds = new Set(next.flatMap((a) => (a.id ? [a.id] : [])));
  const goneIds = current.flatMap((a) => (a.id && !keptIds.has(a.id) ? [a.id] : []));
  if (goneIds.length > 0) await tx.supplierAssignment.deleteMany({ where: { shop, id: { in: goneIds } } });
  for (const a of next) {
    const data = {
      role: a.role,
      stage: a.stage,
      allocationPct: a.allocationPct,
      leadTimeDays: a.leadTimeDays,
      leadTimeSdDays: a.leadTimeSdDays,
      moqUnits: a.moqUnits,
      landedCostCents: a.landedCostCents,
      capacityUnitsPerMonth: a.capacityUnitsPerMonth,
    };
    const before = a.id ? current.find((c) => c.id === a.id) : undefined;
    if (a.id && before) {
      const changed = (Object.keys(data) as Array<keyof typeof data>).some((key) => data[key] !== before[key]);
      if (changed) await tx.supplierAssignment.updateMany({ where: { shop, id: a.id }, data });
    } else {
      await tx.supplierAssignment.create({ data: { shop, variantId, supplierId: a.supplierId, ...data } });
    }
  }
}

interface StoredAssignmentRow extends Omit<SupplierAssignment, "createdAt" | "updatedAt"> {
  createdAt: string;
  updatedAt: string;
}

/** Keeps the rows of `variantIds` as they were before a change, replacing the shop's previous undo. */
export async function recordUndo(
  tx: Prisma.TransactionClient,
  shop: string,
  description: string,
  variantIds: readonly string[],
  rowsBefore: readonly SupplierAssignment[],
): Promise<void> {
  const ids = new Set(variantIds);
  const stored: StoredAssignmentRow[] = rowsBefore
    .filter((row) => ids.has(row.variantId))
    .map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }));
  const data = { description, variantIdsJson: JSON.stringify([...ids]), assignmentsJson: JSON.stringify(stored), createdAt: new Date() };
  await tx.assignmentUndo.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** The change that can still be undone, if any. */
export async function getUndo(shop: string): Promise<{ description: string; skuCount: number; createdAt: Date } | null> {
  const row = await db.assignmentUndo.findUnique({ where: { shop } });
  if (!row) return null;
  return { description: row.description, skuCount: (JSON.parse(row.variantIdsJson) as string[]).length, createdAt: row.createdAt };
}

/**
 * Restores the assignments the last bulk change or import touched, in one transaction, and
 * forgets the undo (each change is undoable once). Returns null when there is nothing to undo.
 * Rows of suppliers deleted since then cannot come back and are left out.
 */
export async function undoLastAssignmentsChange(shop: string): Promise<{ description: string; variantIds: string[] } | null> {
  const undone = await db.$transaction(async (tx) => {
    const row = await tx.assignmentUndo.findUnique({ where: { shop } });
    if (!row) return null;
    const variantIds = JSON.parse(row.variantIdsJson) as string[];
    const stored = JSON.parse(row.assignmentsJson) as StoredAssignmentRow[];
    const existingSuppliers = new Set(
      (await tx.supplier.findMany({ where: { shop, id: { in: [...new Set(stored.map((a) => a.supplierId))] } }, select: { id: true } })).map((s) => s.id),
    );
    await tx.supplierAssignment.deleteMany({ where: { shop, variantId: { in: variantIds } } });
    const restorable = stored.filter((a) => a.shop === shop && existingSuppliers.has(a.supplierId));
    if (restorable.length > 0) {
      await tx.supplierAssignment.createMany({
        data: restorable.map((a) => ({ ...a, createdAt: new Date(a.createdAt), updatedAt: new Date(a.updatedAt) })),
      });
    }
    await tx.assignmentUndo.delete({ where: { shop } });
    return { description: row.description, variantIds };
  });
  return undone;
}

/** The assignments of one supplier with their SKUs (the supplier page's qualification pipeline). */
export async function listSupplierAssignments(shop: string, supplierId: string) {
  const assignments = await db.supplierAssignment.findMany({ where: { shop, supplierId }, orderBy: [{ stage: "asc" }, { createdAt: "asc" }] });
  const variants = await db.variant.findMany({
    where: { shop, id: { in: assignments.map((a) => a.variantId) } },
    select: { id: true, sku: true, productTitle: true, variantTitle: true },
  });
  const byId = new Map(variants.map((v) => [v.id, v]));
  return assignments.map((a) => {
    const variant = byId.get(a.variantId);
    return { ...a, variantLabel: variant ? variantLabel(variant) : `Variant ${a.variantId} (no longer in Shopify)` };
  });
}

/** Every supplier of one SKU with pilot results, for comparing factories side by side. */
export async function compareSuppliersForVariant(shop: string, variantId: string) {
  return db.supplierAssignment.findMany({
    where: { shop, variantId },
    include: { supplier: { select: { id: true, name: true, region: true, archivedAt: true } } },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
  });
}
