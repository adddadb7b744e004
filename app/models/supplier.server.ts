import db from "~/db.server";
import { computeSupplierPerformance } from "~/planning";
import { daysBetween } from "~/planning/days";
import { toPurchaseOrderRecord } from "./purchase-order.server";
import type { SupplierPerformance } from "~/planning/supplier-performance";
import type { QualificationInput, SupplierInput } from "./supplier.schema";

/**
 * The supplier directory of one shop. Suppliers are archived, never deleted, so their purchase
 * orders keep feeding the scorecard; an archived supplier drops out of planning.
 */

export type SupplierWriteResult =
  | { ok: true; supplier: { id: string; name: string } }
  | { ok: false; fieldErrors: Record<string, string> }
  | { ok: false; notFound: true };

export async function listSuppliers(shop: string, options: { includeArchived?: boolean } = {}) {
  const suppliers = await db.supplier.findMany({
    where: { shop, ...(options.includeArchived ? {} : { archivedAt: null }) },
    orderBy: [{ archivedAt: "asc" }, { name: "asc" }],
  });
  const counts = await db.supplierAssignment.groupBy({ by: ["supplierId", "role"], where: { shop }, _count: { _all: true } });
  return suppliers.map((supplier) => ({
    ...supplier,
    primaryCount: counts.find((c) => c.supplierId === supplier.id && c.role === "primary")?._count._all ?? 0,
    backupCount: counts.find((c) => c.supplierId === supplier.id && c.role === "backup")?._count._all ?? 0,
  }));
}

/** Suppliers a bulk action or import may use (not archived), by name. */
export async function listActiveSupplierOptions(shop: string) {
  return db.supplier.findMany({ where: { shop, archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export async function getSupplier(shop: string, id: string) {
  return db.supplier.findFirst({ where: { shop, id } });
}

async function nameTaken(shop: string, name: string, exceptId?: string): Promise<boolean> {
  const clash = await db.supplier.findFirst({ where: { shop, name, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  return clash !== null;
}

const duplicateName = (name: string): SupplierWriteResult => ({
  ok: false,
  fieldErrors: { name: `A supplier named "${name}" already exists (archived suppliers count too)` },
});

export async function createSupplier(shop: string, input: SupplierInput): Promise<SupplierWriteResult> {
  if (await nameTaken(shop, input.name)) return duplicateName(input.name);
  const supplier = await db.supplier.create({ data: { shop, ...input }, select: { id: true, name: true } });
  return { ok: true, supplier };
}

/** Updates a supplier; returns the variants whose plan depends on its terms (to replan). */
export async function updateSupplier(shop: string, id: string, input: SupplierInput): Promise<SupplierWriteResult & { affectedVariantIds?: string[] }> {
  if (await nameTaken(shop, input.name, id)) return duplicateName(input.name);
  const { count } = await db.supplier.updateMany({ where: { shop, id }, data: input });
  if (count === 0) return { ok: false, notFound: true };
  return { ok: true, supplier: { id, name: input.name }, affectedVariantIds: await supplierVariantIds(shop, id) };
}

async function supplierVariantIds(shop: string, supplierId: string): Promise<string[]> {
  const rows = await db.supplierAssignment.findMany({ where: { shop, supplierId }, select: { variantId: true } });
  return rows.map((row) => row.variantId);
}

/**
 * Archives (or restores) a supplier. Returns the variants it supplies so the caller can replan
 * them (an archived supplier's assignments stop counting), or null when no such supplier.
 */
export async function setSupplierArchived(shop: string, id: string, archived: boolean): Promise<string[] | null> {
  const { count } = await db.supplier.updateMany({ where: { shop, id }, data: { archivedAt: archived ? new Date() : null } });
  if (count === 0) return null;
  return supplierVariantIds(shop, id);
}

/** Moves one supplier × SKU through qualification and records pilot results. Null when not this supplier's. */
export async function updateQualification(shop: string, supplierId: string, input: QualificationInput): Promise<{ variantId: string } | null> {
  const assignment = await db.supplierAssignment.findFirst({ where: { shop, supplierId, id: input.assignmentId }, select: { variantId: true } });
  if (!assignment) return null;
  await db.supplierAssignment.updateMany({
    where: { shop, supplierId, id: input.assignmentId },
    data: {
      stage: input.stage,
      pilotQuality: input.pilotQuality ?? null,
      pilotCommunication: input.pilotCommunication ?? null,
      pilotTimeliness: input.pilotTimeliness ?? null,
      pilotNotes: input.pilotNotes,
    },
  });
  return assignment;
}

export interface ScorecardPoint {
  purchaseOrderId: string;
  reference: string;
  placedOn: string;
  promisedLeadTimeDays: number;
  /** Null while the PO is open. */
  actualLeadTimeDays: number | null;
  /** Landed cost per good unit on this PO, minor units; null without cost or receipt. */
  costPerGoodUnitCents: number | null;
}

export interface SupplierScorecard {
  performance: SupplierPerformance;
  /** One point per PO, oldest placed first, for the promised-vs-actual and cost-trend charts. */
  points: ScorecardPoint[];
}

/**
 * The supplier's scorecard as of a shop-local day: the planning engine's performance figures
 * (on-time rate, defect rate, lead times, cost per good unit) plus per-PO chart points.
 */
export async function getSupplierScorecard(shop: string, supplierId: string, asOf: string, lateGraceDays: number): Promise<SupplierScorecard | null> {
  const supplier = await getSupplier(shop, supplierId);
  if (!supplier) return null;
  const orders = await db.purchaseOrder.findMany({ where: { shop, supplierId }, orderBy: [{ placedOn: "asc" }, { createdAt: "asc" }] });
  const records = orders.map(toPurchaseOrderRecord);
  const performance = computeSupplierPerformance(
    supplierId,
    records,
    asOf,
    { leadTimeDays: supplier.defaultLeadTimeDays, leadTimeSdDays: null, landedCostCents: null },
    lateGraceDays,
  );
  const points = orders.map((po) => {
    const good = (po.receivedUnits ?? 0) - (po.defectiveUnits ?? 0);
    return {
      purchaseOrderId: po.id,
      reference: po.reference,
      placedOn: po.placedOn,
      promisedLeadTimeDays: daysBetween(po.placedOn, po.promisedOn),
      actualLeadTimeDays: po.receivedOn ? daysBetween(po.placedOn, po.receivedOn) : null,
      costPerGoodUnitCents:
        po.landedCostCents !== null && po.receivedUnits !== null && good > 0 ? Math.round((po.landedCostCents * po.receivedUnits) / good) : null,
    };
  });
  return { performance, points };
}
