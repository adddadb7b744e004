import { z } from "zod";
import { intField, numberField, textField } from "./form-fields";

/** Qualification stages in order: a supplier × SKU moves candidate → pilot → qualified → active, or is paused. */
export const SUPPLIER_STAGES = ["candidate", "pilot", "qualified", "active", "paused"] as const;
export type SupplierStageName = (typeof SUPPLIER_STAGES)[number];

export const STAGE_LABELS: Record<SupplierStageName, string> = {
  candidate: "Candidate",
  pilot: "Pilot",
  qualified: "Qualified",
  active: "Active",
  paused: "Paused",
};

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** The supplier directory form (create and edit). */
export const SupplierInput = z.object({
  name: z.preprocess(
    (value) => (typeof value === "string" ? value : ""),
    z.string().trim().min(1, { error: "Name is required" }).max(120, { error: "Name must be at most 120 characters" }),
  ),
  region: textField("Region", 80),
  contactName: textField("Contact name", 120),
  contactEmail: textField("Contact email", 200).refine((email) => email === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email), {
    error: "Contact email must look like name@example.com",
  }),
  currencyCode: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toUpperCase() : value),
    z.string({ error: "Currency is required" }).refine((code) => KNOWN_CURRENCIES.has(code), {
      error: "Currency must be a three-letter ISO code such as USD or EUR",
    }),
  ),
  paymentTermsDays: intField("Payment terms", 0, 365, "days"),
  depositPct: numberField("Deposit", 0, 100, "%"),
  defaultLeadTimeDays: intField("Default lead time", 1, 365, "days"),
  notes: textField("Notes", 2000),
});
export type SupplierInput = z.infer<typeof SupplierInput>;

const score = (label: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    intField(label, 1, 5).optional(),
  );

/** A supplier × SKU qualification update: stage plus pilot results (1–5 scores and notes). */
export const QualificationInput = z.object({
  assignmentId: z.string({ error: "Choose a SKU" }).min(1, { error: "Choose a SKU" }),
  stage: z.enum(SUPPLIER_STAGES, { error: "Stage must be candidate, pilot, qualified, active or paused" }),
  pilotQuality: score("Quality score"),
  pilotCommunication: score("Communication score"),
  pilotTimeliness: score("Timeliness score"),
  pilotNotes: textField("Pilot notes", 2000),
});
export type QualificationInput = z.infer<typeof QualificationInput>;
