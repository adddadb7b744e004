import { BlockStack, Button, FormLayout, InlineStack, TextField } from "@shopify/polaris";
import { Form } from "@remix-run/react";
import { useState, type ReactNode } from "react";

export interface SupplierFormValues {
  name: string;
  region: string;
  contactName: string;
  contactEmail: string;
  currencyCode: string;
  paymentTermsDays: number | string;
  depositPct: number | string;
  defaultLeadTimeDays: number | string;
  notes: string;
}

export const EMPTY_SUPPLIER: SupplierFormValues = {
  name: "",
  region: "",
  contactName: "",
  contactEmail: "",
  currencyCode: "USD",
  paymentTermsDays: 30,
  depositPct: 30,
  defaultLeadTimeDays: 30,
  notes: "",
};

/** The supplier directory form (create and edit); errors from the action show next to each field. */
export function SupplierForm({
  initial,
  errors,
  submitLabel,
  isSubmitting,
  wrapForm = (children) => <Form method="post">{children}</Form>,
}: {
  initial: SupplierFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  isSubmitting: boolean;
  /** Wraps the fields in Remix's Form (navigates) by default; pass a fetcher's Form to stay on the page. */
  wrapForm?: (children: ReactNode) => ReactNode;
}) {
  const [values, setValues] = useState(() =>
    Object.fromEntries(Object.entries(initial).map(([key, value]) => [key, String(value)])) as Record<keyof SupplierFormValues, string>,
  );
  const field = (name: keyof SupplierFormValues) => ({
    name,
    value: values[name],
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
    error: errors[name],
    autoComplete: "off",
  });
  return (
    <>
      {wrapForm(
        <>
      <input type="hidden" name="intent" value="save" />
      <BlockStack gap="400">
        <FormLayout>
          <TextField label="Name" {...field("name")} requiredIndicator />
          <FormLayout.Group>
            <TextField label="Region" helpText="Where it makes your goods, e.g. Vietnam. Two suppliers in one region share its risks." {...field("region")} />
            <TextField label="Currency" helpText="Three-letter code the supplier invoices in." maxLength={3} {...field("currencyCode")} />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField label="Contact name" {...field("contactName")} />
            <TextField label="Contact email" type="email" {...field("contactEmail")} />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField label="Default lead time" type="number" suffix="days" helpText="Order to delivery, used until purchase orders show the real figure." {...field("defaultLeadTimeDays")} />
            <TextField label="Deposit" type="number" suffix="%" helpText="Share of each order paid when it is placed." {...field("depositPct")} />
            <TextField label="Payment terms" type="number" suffix="days" helpText="Days after shipment until the balance is due." {...field("paymentTermsDays")} />
          </FormLayout.Group>
          <TextField label="Notes" multiline={3} {...field("notes")} />
        </FormLayout>
        {errors.form && <p role="alert">{errors.form}</p>}
        <InlineStack align="end">
          <Button submit variant="primary" loading={isSubmitting}>
            {submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
        </>,
      )}
    </>
  );
}
