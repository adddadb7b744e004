import { z } from "zod";
import { intField, optionalIntField, optionalMoneyField } from "./form-fields";
import { SUPPLIER_STAGES } from "./supplier.schema";

export const ASSIGNMENT_ROLES = ["primary", "backup"] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Which SKUs the assignments table shows (and "select all matching this filter" selects). */
export const AssignmentFilter = z.object({
  /** Matches SKU code, product title or variant title. */
  query: z.string().trim().max(200).optional().default(""),
  /** Only SKUs this supplier is assigned to. */
  supplierId: z.string().optional().default(""),
  /** all | no-backup (has a primary, no backup) | unassigned (no supplier). */
  coverage: z.enum(["all", "no-backup", "unassigned"]).optional().default("all"),
});
export type AssignmentFilter = z.infer<typeof AssignmentFilter>;

/** Reads the filter from URL search params; unknown values fall back to "show everything". */
export function filterFromSearchParams(params: URLSearchParams): AssignmentFilter {
  const parsed = AssignmentFilter.safeParse({
    query: params.get("query") ?? undefined,
    supplierId: params.get("supplierId") ?? undefined,
    coverage: params.get("coverage") ?? undefined,
  });
  return parsed.success ? parsed.data : AssignmentFilter.parse({});
}

const supplierId = z.string({ error: "Choose a supplier" }).min(1, { error: "Choose a supplier" });

/** One bulk change to the assignments of many SKUs. */
export function bulkEditInput(currencyCode: string) {
  return z.discriminatedUnion("operation", [
    z.object({ operation: z.literal("set-primary"), supplierId }),
    z.object({
      operation: z.literal("add-backup"),
      supplierId,
      stage: z.enum(SUPPLIER_STAGES).optional().default("qualified"),
    }),
    z.object({
      operation: z.literal("replace-backup"),
      supplierId,
      /** The backup to replace; empty = every current backup. */
      replaceSupplierId: z.string().optional().default(""),
    }),
    z.object({ operation: z.literal("set-split"), primaryPct: intField("Primary share", 0, 100, "%") }),
    z
      .object({
        operation: z.literal("set-terms"),
        supplierId,
        leadTimeDays: optionalIntField("Lead time", 1, 365, "days"),
        moqUnits: optionalIntField("Minimum order quantity", 0, 10_000_000, "units"),
        landedCostCents: optionalMoneyField("Landed cost", currencyCode),
        capacityUnitsPerMonth: optionalIntField("Capacity", 0, 100_000_000, "units a month"),
      })
      .refine(
        (t) => t.leadTimeDays !== undefined || t.moqUnits !== undefined || t.landedCostCents !== undefined || t.capacityUnitsPerMonth !== undefined,
        { error: "Enter at least one of lead time, MOQ, landed cost or capacity", path: ["leadTimeDays"] },
      ),
    z.object({ operation: z.literal("remove-supplier"), supplierId }),
  ]);
}
export type BulkEdit = z.infer<ReturnType<typeof bulkEditInput>>;
export type BulkOperation = BulkEdit["operation"];

/** The SKUs a bulk change applies to: ticked rows, or everything matching a filter. */
export const BulkSelection = z.discriminatedUnion("selection", [
  z.object({
    selection: z.literal("ids"),
    variantIds: z.array(z.string().min(1)).min(1, { error: "Select at least one SKU" }).max(50_000),
  }),
  z.object({ selection: z.literal("filter"), filter: AssignmentFilter }),
]);
export type BulkSelection = z.infer<typeof BulkSelection>;

/** Columns of the assignments CSV (export and import share them, so an export re-imports). */
export const ASSIGNMENT_CSV_COLUMNS = [
  "sku",
  "variant_id",
  "product",
  "supplier",
  "role",
  "stage",
  "allocation_pct",
  "lead_time_days",
  "moq_units",
  "landed_cost",
  "capacity_units_per_month",
] as const;

/** One CSV row (by column name) after parsing. `sku` or `variant_id` identifies the SKU. */
export function assignmentCsvRow(currencyCode: string) {
  const text = z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string());
  return z
    .object({
      sku: text,
      variant_id: text,
      supplier: text.refine((name) => name !== "", { error: "supplier is empty" }),
      role: z.preprocess(
        (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
        z.enum(ASSIGNMENT_ROLES, { error: "role must be primary or backup" }),
      ),
      stage: z.preprocess(
        (value) => (typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : "active"),
        z.enum(SUPPLIER_STAGES, { error: "stage must be candidate, pilot, qualified, active or paused" }),
      ),
      allocation_pct: intField("allocation_pct", 0, 100, "%"),
      lead_time_days: intField("lead_time_days", 1, 365, "days"),
      moq_units: optionalIntField("moq_units", 0, 10_000_000, "units"),
      landed_cost: optionalMoneyField("landed_cost", currencyCode),
      capacity_units_per_month: optionalIntField("capacity_units_per_month", 0, 100_000_000, "units"),
    })
    .refine((row) => row.sku !== "" || row.variant_id !== "", { error: "sku or variant_id is required", path: ["sku"] });
}
export type AssignmentCsvRow = z.infer<ReturnType<typeof assignmentCsvRow>>;

/** Reads the bulk-change form: the selection (ticked ids or the filter) and the change itself. */
export function parseBulkEditForm(form: FormData, currencyCode: string) {
  const selection = BulkSelection.safeParse(
    form.get("selection") === "filter"
      ? {
          selection: "filter",
          filter: {
            query: form.get("filterQuery") ?? undefined,
            supplierId: form.get("filterSupplierId") ?? undefined,
            coverage: form.get("filterCoverage") ?? undefined,
          },
        }
      : { selection: "ids", variantIds: form.getAll("variantIds") },
  );
  const fields = Object.fromEntries([...form.entries()].filter(([key]) => key !== "variantIds"));
  const edit = bulkEditInput(currencyCode).safeParse(fields);
  return { selection, edit };
}
