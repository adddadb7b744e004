import { Badge, Banner, BlockStack, Button, Card, Checkbox, DataTable, FormLayout, InlineStack, List, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import { formatCents } from "~/lib/money";
import { daysBetween } from "~/planning/days";
import { minorUnitsToDecimal } from "~/lib/money-input";

export interface PurchaseOrderRow {
  id: string;
  variantId: string;
  reference: string;
  isPilot: boolean;
  orderedUnits: number;
  placedOn: string;
  promisedOn: string;
  receivedOn: string | null;
  receivedUnits: number | null;
  defectiveUnits: number | null;
  landedCostCents: number | null;
}

type ActionResult = { errors?: Record<string, string>; lineErrors?: Array<{ line: number; message: string }>; saved?: boolean; created?: number };
type Dialog = { kind: "create" } | { kind: "edit"; po: PurchaseOrderRow } | { kind: "receive"; po: PurchaseOrderRow } | null;

function status(po: PurchaseOrderRow, today: string, graceDays: number) {
  if (po.receivedOn) {
    const daysLate = daysBetween(po.promisedOn, po.receivedOn);
    // Short words: the Dates column says when it arrived, and the table must fit the admin's frame.
    if (daysLate > graceDays) return <Badge tone="warning">{`${daysLate} ${daysLate === 1 ? "day" : "days"} late`}</Badge>;
    return <Badge tone="success">On time</Badge>;
  }
  return po.promisedOn < today ? <Badge tone="critical">Past due</Badge> : <Badge tone="info">Open</Badge>;
}

/** A table cell of short lines, one under the other (keeps the table narrow enough for the admin). */
function Lines({ lines }: { lines: string[] }) {
  return (
    <BlockStack gap="050">
      {lines.map((line) => (
        <Text as="span" key={line}>
          {line}
        </Text>
      ))}
    </BlockStack>
  );
}

/** The supplier's purchase order log: create, edit, receive (with defective units) and CSV import. */
export function PurchaseOrders({
  supplierId,
  orders,
  variantOptions,
  currencyCode,
  today,
  lateGraceDays,
}: {
  supplierId: string;
  orders: PurchaseOrderRow[];
  variantOptions: Array<{ label: string; value: string }>;
  currencyCode: string;
  today: string;
  lateGraceDays: number;
}) {
  const fetcher = useFetcher<ActionResult>();
  const importFetcher = useFetcher<ActionResult>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const errors = fetcher.data?.errors ?? {};
  const labelOf = new Map(variantOptions.map((o) => [o.value, o.label]));

  // Close the dialog once a save succeeds (state adjusted while rendering, not in an effect).
  const [handled, setHandled] = useState<unknown>(null);
  if (fetcher.state === "idle" && fetcher.data?.saved && fetcher.data !== handled) {
    setHandled(fetcher.data);
    setDialog(null);
  }

  const openDialog = (next: Dialog) => {
    setDialog(next);
    if (next?.kind === "receive") {
      setValues({ purchaseOrderId: next.po.id, receivedOn: today, receivedUnits: String(next.po.orderedUnits), defectiveUnits: "0" });
    } else if (next?.kind === "edit") {
      const po = next.po;
      setValues({
        purchaseOrderId: po.id,
        variantId: po.variantId,
        reference: po.reference,
        isPilot: po.isPilot ? "on" : "",
        orderedUnits: String(po.orderedUnits),
        placedOn: po.placedOn,
        promisedOn: po.promisedOn,
        landedCostCents: po.landedCostCents === null ? "" : minorUnitsToDecimal(po.landedCostCents, currencyCode),
      });
    } else {
      setValues({ variantId: variantOptions[0]?.value ?? "", reference: "", isPilot: "", orderedUnits: "", placedOn: today, promisedOn: "", landedCostCents: "" });
    }
  };
  const field = (name: string) => ({ value: values[name] ?? "", onChange: (value: string) => setValues((v) => ({ ...v, [name]: value })), error: errors[name], autoComplete: "off" });
  const submit = () => {
    if (!dialog) return;
    const intent = dialog.kind === "create" ? "create-po" : dialog.kind === "edit" ? "update-po" : "receive-po";
    fetcher.submit({ intent, ...values }, { method: "post", action: `/app/suppliers/${supplierId}` });
  };

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Purchase orders
          </Text>
          <Button onClick={() => openDialog({ kind: "create" })} disabled={variantOptions.length === 0}>
            New purchase order
          </Button>
        </InlineStack>
        {orders.length === 0 ? (
          <Text as="p" tone="subdued">
            No purchase orders recorded. Each one you record (and receive) sharpens the lead time and on-time figures planning relies on.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text", "numeric", "text"]}
            headings={["Order", "SKU", "Dates", "Status", "Units", "Landed cost", ""]}
            rows={orders.map((po) => [
              `${po.reference || "—"}${po.isPilot ? " (pilot)" : ""}`,
              labelOf.get(po.variantId) ?? `Variant ${po.variantId}`,
              <Lines
                key="dates"
                lines={[`Placed ${po.placedOn}`, `Promised ${po.promisedOn}`, ...(po.receivedOn ? [`Received ${po.receivedOn}`] : [])]}
              />,
              status(po, today, lateGraceDays),
              <Lines
                key="units"
                lines={[
                  `${po.orderedUnits} ordered`,
                  ...(po.receivedUnits === null ? [] : [`${po.receivedUnits} received`]),
                  ...(po.defectiveUnits === null ? [] : [`${po.defectiveUnits} defective`]),
                ]}
              />,
              po.landedCostCents === null ? "—" : `${formatCents(po.landedCostCents, currencyCode)}/unit`,
              <BlockStack key="actions" gap="100" inlineAlign="start">
                <Button size="slim" onClick={() => openDialog({ kind: "edit", po })} accessibilityLabel={`Edit order ${po.reference || po.placedOn}`}>
                  Edit
                </Button>
                <Button
                  size="slim"
                  onClick={() => openDialog({ kind: "receive", po })}
                  // The spoken name starts with the visible words (WCAG 2.5.3), so voice control finds it.
                  accessibilityLabel={`${po.receivedOn ? "Correct receipt of" : "Receive"} order ${po.reference || po.placedOn}`}
                >
                  {po.receivedOn ? "Correct receipt" : "Receive"}
                </Button>
              </BlockStack>,
            ])}
          />
        )}
        <importFetcher.Form method="post" encType="multipart/form-data" action={`/app/suppliers/${supplierId}`}>
          <input type="hidden" name="intent" value="import-pos" />
          <BlockStack gap="200">
            <label htmlFor="po-csv">
              <Text as="span">
                Import purchase orders from CSV (columns: sku, reference, is_pilot, ordered_units, placed_on, promised_on, landed_cost, received_on, received_units,
                defective_units)
              </Text>
            </label>
            <input id="po-csv" type="file" name="file" accept=".csv,text/csv" />
            <InlineStack>
              <Button submit loading={importFetcher.state !== "idle"}>
                Check and import
              </Button>
            </InlineStack>
          </BlockStack>
        </importFetcher.Form>
        {importFetcher.data?.errors?.file && (
          <Text as="p" tone="critical">
            {importFetcher.data.errors.file}
          </Text>
        )}
        {importFetcher.data?.lineErrors && (
          <Banner tone="critical" title="Nothing was imported">
            <List>
              {importFetcher.data.lineErrors.slice(0, 100).map((error, i) => (
                <List.Item key={i}>
                  Line {error.line}: {error.message}
                </List.Item>
              ))}
            </List>
          </Banner>
        )}
        {importFetcher.data?.created !== undefined && <Banner tone="success" title={`${importFetcher.data.created} purchase orders imported`} />}
      </BlockStack>

      <Modal
        open={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.kind === "receive" ? "Receive purchase order" : dialog?.kind === "edit" ? "Edit purchase order" : "New purchase order"}
        primaryAction={{ content: dialog?.kind === "receive" ? "Record delivery" : "Save purchase order", loading: fetcher.state !== "idle", onAction: submit }}
        secondaryActions={[{ content: "Cancel", onAction: () => setDialog(null) }]}
      >
        <Modal.Section>
          {dialog?.kind === "receive" ? (
            <FormLayout>
              <TextField label="Received on" type="date" {...field("receivedOn")} />
              <FormLayout.Group>
                <TextField label="Units received" type="number" suffix="units" {...field("receivedUnits")} />
                <TextField label="Defective units" type="number" suffix="units" helpText="Units you could not sell as they arrived." {...field("defectiveUnits")} />
              </FormLayout.Group>
            </FormLayout>
          ) : (
            <FormLayout>
              <Select label="SKU" options={variantOptions} {...field("variantId")} />
              <FormLayout.Group>
                <TextField label="Reference" {...field("reference")} />
                <TextField label="Units ordered" type="number" suffix="units" {...field("orderedUnits")} />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField label="Placed on" type="date" {...field("placedOn")} />
                <TextField label="Promised delivery" type="date" {...field("promisedOn")} />
              </FormLayout.Group>
              <TextField label="Landed cost per unit" prefix={currencyCode} helpText="Price plus freight, duty and fees, per unit." {...field("landedCostCents")} />
              <Checkbox
                label="Pilot order (a trial run while qualifying this supplier)"
                checked={values.isPilot === "on"}
                onChange={(checked) => setValues((v) => ({ ...v, isPilot: checked ? "on" : "" }))}
              />
            </FormLayout>
          )}
          {errors.form && (
            <Text as="p" tone="critical">
              {errors.form}
            </Text>
          )}
        </Modal.Section>
      </Modal>
    </Card>
  );
}
