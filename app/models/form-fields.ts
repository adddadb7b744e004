import { z } from "zod";
import { parseMoneyToMinorUnits } from "~/lib/money-input";

/**
 * Zod building blocks for HTML form values (always strings; an empty field means "not given").
 * Browser-safe, shared by the *.schema.ts files.
 */

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** Blank → undefined ("required"), anything else → Number (NaN when not a number). */
const toNumber = (value: unknown) => {
  const blanked = blankToUndefined(value);
  return blanked === undefined || blanked === null ? undefined : Number(blanked);
};

function numberOf(label: string) {
  return z.number({ error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be a number`) });
}

/** A required whole number within [min, max], with the unit in the message. */
export function intField(label: string, min: number, max: number, unit = "") {
  const suffix = unit ? ` ${unit}` : "";
  return z.preprocess(
    toNumber,
    numberOf(label)
      .refine((n) => Number.isFinite(n), { error: `${label} must be a number` })
      .refine((n) => Number.isInteger(n), { error: `${label} must be a whole number` })
      .refine((n) => n >= min && n <= max, { error: `${label} must be between ${min} and ${max}${suffix}` }),
  );
}

/** A required decimal within [min, max]. */
export function numberField(label: string, min: number, max: number, unit = "") {
  const suffix = unit ? ` ${unit}` : "";
  return z.preprocess(
    toNumber,
    numberOf(label)
      .refine((n) => Number.isFinite(n), { error: `${label} must be a number` })
      .refine((n) => n >= min && n <= max, { error: `${label} must be between ${min} and ${max}${suffix}` }),
  );
}

/** Like intField, but an empty value is allowed and becomes undefined. */
export function optionalIntField(label: string, min: number, max: number, unit = "") {
  return z.preprocess(blankToUndefined, intField(label, min, max, unit).optional());
}

/** An amount typed in the shop's currency, parsed to integer minor units. */
export function moneyField(label: string, currencyCode: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${label} is required` })
      .transform((text, ctx) => {
        const minor = parseMoneyToMinorUnits(text, currencyCode);
        if (minor === null) {
          ctx.addIssue({ code: "custom", message: `${label} must be an amount in ${currencyCode}, like 4.20` });
          return z.NEVER;
        }
        return minor;
      }),
  );
}

export function optionalMoneyField(label: string, currencyCode: string) {
  return z.preprocess(blankToUndefined, moneyField(label, currencyCode).optional());
}

/** Trimmed text, at most maxLength characters; empty allowed. */
export function textField(label: string, maxLength: number) {
  return z.preprocess(
    (value) => (value === undefined || value === null ? "" : value),
    z.string().trim().max(maxLength, { error: `${label} must be at most ${maxLength} characters` }),
  );
}

/** A shop-local calendar day as "YYYY-MM-DD" (what <input type="date"> sends). */
export function dayField(label: string) {
  return z
    .string({ error: `${label} is required` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} must be a date like 2026-11-27` })
    .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), {
      error: `${label} is not a real date`,
    });
}

/** Field errors keyed by field name, first message each, for showing next to the field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}
