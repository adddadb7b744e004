import { z } from "zod";
import { dayField, intField, optionalMoneyField, textField } from "./form-fields";

/** A purchase order as entered (create or edit). Landed cost is per unit, in the shop's currency. */
export function purchaseOrderInput(currencyCode: string) {
  return z
    .object({
      variantId: z.string({ error: "Choose a SKU" }).min(1, { error: "Choose a SKU" }),
      reference: textField("Reference", 80),
      isPilot: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
      orderedUnits: intField("Ordered units", 1, 10_000_000, "units"),
      placedOn: dayField("Placed on"),
      promisedOn: dayField("Promised on"),
      landedCostCents: optionalMoneyField("Landed cost per unit", currencyCode),
    })
    .refine((po) => po.promisedOn >= po.placedOn, { error: "Promised date cannot be before the order date", path: ["promisedOn"] });
}
export type PurchaseOrderInput = z.infer<ReturnType<typeof purchaseOrderInput>>;

/** Receiving a purchase order: when it arrived, how many units, how many were defective. */
export const ReceiveInput = z
  .object({
    purchaseOrderId: z.string().min(1),
    receivedOn: dayField("Received on"),
    receivedUnits: intField("Received units", 0, 10_000_000, "units"),
    defectiveUnits: intField("Defective units", 0, 10_000_000, "units"),
  })
  .refine((r) => r.defectiveUnits <= r.receivedUnits, {
    error: "Defective units cannot exceed received units",
    path: ["defectiveUnits"],
  });
export type ReceiveInput = z.infer<typeof ReceiveInput>;

/** Columns of the purchase-order CSV import (one PO per row; received_* columns optional). */
export const PURCHASE_ORDER_CSV_COLUMNS = [
  "sku",
  "reference",
  "is_pilot",
  "ordered_units",
  "placed_on",
  "promised_on",
  "landed_cost",
  "received_on",
  "received_units",
  "defective_units",
] as const;
