import { Badge, BlockStack, Button, Card, DataTable, FormLayout, InlineStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { STAGE_LABELS, SUPPLIER_STAGES, type SupplierStageName } from "~/models/supplier.schema";

export interface PipelineRow {
  id: string;
  variantId: string;
  variantLabel: string;
  role: string;
  stage: string;
  allocationPct: number;
  leadTimeDays: number;
  pilotQuality: number | null;
  pilotCommunication: number | null;
  pilotTimeliness: number | null;
  pilotNotes: string;
}

export interface ComparisonRow {
  supplierId: string;
  supplierName: string;
  region: string;
  role: string;
  stage: string;
  allocationPct: number;
  leadTimeDays: number;
  pilotQuality: number | null;
  pilotCommunication: number | null;
  pilotTimeliness: number | null;
  pilotNotes: string;
}

const STAGE_TONE: Record<SupplierStageName, "info" | "attention" | "success" | "warning" | undefined> = {
  candidate: undefined,
  pilot: "attention",
  qualified: "info",
  active: "success",
  paused: "warning",
};

const score = (value: number | null) => (value === null ? "—" : `${value}/5`);

function StageBadge({ stage }: { stage: string }) {
  const known = (SUPPLIER_STAGES as readonly string[]).includes(stage) ? (stage as SupplierStageName) : null;
  return <Badge tone={known ? STAGE_TONE[known] : undefined}>{known ? STAGE_LABELS[known] : stage}</Badge>;
}

/** This supplier's SKUs, each at its qualification stage with pilot results; edit one in a modal. */
export function Pipeline({ rows, supplierId }: { rows: PipelineRow[]; supplierId: string }) {
  const fetcher = useFetcher<{ errors?: Record<string, string>; saved?: boolean }>();
  const [editing, setEditing] = useState<PipelineRow | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const errors = fetcher.data?.errors ?? {};

  // Close the dialog once a save succeeds (state adjusted while rendering, not in an effect).
  const [handled, setHandled] = useState<unknown>(null);
  if (fetcher.state === "idle" && fetcher.data?.saved && fetcher.data !== handled) {
    setHandled(fetcher.data);
    setEditing(null);
  }

  const open = (row: PipelineRow) => {
    setEditing(row);
    setValues({
      stage: row.stage,
      pilotQuality: row.pilotQuality?.toString() ?? "",
      pilotCommunication: row.pilotCommunication?.toString() ?? "",
      pilotTimeliness: row.pilotTimeliness?.toString() ?? "",
      pilotNotes: row.pilotNotes,
    });
  };
  const field = (name: string) => ({ value: values[name] ?? "", onChange: (value: string) => setValues((v) => ({ ...v, [name]: value })), error: errors[name], autoComplete: "off" });

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Qualification
        </Text>
        <Text as="p" tone="subdued">
          Each SKU moves from candidate to pilot (a trial order) to qualified, then active. Planning gives volume only to qualified and active suppliers.
        </Text>
        {rows.length === 0 ? (
          <Text as="p">
            This supplier makes none of your SKUs yet. Assign it on the <Link to="/app/assignments">Assignments</Link> page.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text", "text", "text"]}
            headings={["SKU", "Stage and role", "Share", "Pilot: quality · communication · timeliness", "Notes", ""]}
            rows={rows.map((row) => [
              row.variantLabel,
              <InlineStack key="stage" gap="100">
                <StageBadge stage={row.stage} />
                <Badge>{row.role === "primary" ? "Primary" : "Backup"}</Badge>
              </InlineStack>,
              `${row.allocationPct}%`,
              `${score(row.pilotQuality)} · ${score(row.pilotCommunication)} · ${score(row.pilotTimeliness)}`,
              row.pilotNotes || "—",
              <InlineStack key="actions" gap="200">
                <Button size="slim" onClick={() => open(row)} accessibilityLabel={`Update qualification of ${row.variantLabel}`}>
                  Update
                </Button>
                <Link to={`?compare=${encodeURIComponent(row.variantId)}`} aria-label={`Compare suppliers of ${row.variantLabel}`}>
                  Compare
                </Link>
              </InlineStack>,
            ])}
          />
        )}
      </BlockStack>
      <Modal
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Qualification: ${editing.variantLabel}` : ""}
        primaryAction={{
          content: "Save qualification",
          loading: fetcher.state !== "idle",
          onAction: () => {
            if (!editing) return;
            fetcher.submit({ intent: "qualification", assignmentId: editing.id, ...values }, { method: "post", action: `/app/suppliers/${supplierId}` });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setEditing(null) }]}
      >
        <Modal.Section>
          <FormLayout>
            <Select label="Stage" options={SUPPLIER_STAGES.map((stage) => ({ label: STAGE_LABELS[stage], value: stage }))} {...field("stage")} />
            <FormLayout.Group>
              <TextField label="Quality" type="number" min={1} max={5} suffix="of 5" helpText="Samples and pilot units against your spec." {...field("pilotQuality")} />
              <TextField label="Communication" type="number" min={1} max={5} suffix="of 5" helpText="Answers, clarity, proactive updates." {...field("pilotCommunication")} />
              <TextField label="Timeliness" type="number" min={1} max={5} suffix="of 5" helpText="Pilot delivered when promised." {...field("pilotTimeliness")} />
            </FormLayout.Group>
            <TextField label="Pilot notes" multiline={3} {...field("pilotNotes")} />
            {errors.form && (
              <Text as="p" tone="critical">
                {errors.form}
              </Text>
            )}
          </FormLayout>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

/** Every supplier of one SKU side by side: role, stage, terms and pilot scores. */
export function Comparison({ title, rows }: { title: string; rows: ComparisonRow[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            Suppliers of {title}, side by side
          </Text>
          <Link to="?">Close comparison</Link>
        </InlineStack>
        <DataTable
          columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
          headings={["Supplier", "Region", "Stage and role", "Share", "Lead time", "Quality", "Communication", "Timeliness", "Notes"]}
          rows={rows.map((row) => [
            row.supplierName,
            row.region || "—",
            <InlineStack key="stage" gap="100">
              <StageBadge stage={row.stage} />
              <Badge>{row.role === "primary" ? "Primary" : "Backup"}</Badge>
            </InlineStack>,
            `${row.allocationPct}%`,
            `${row.leadTimeDays} days`,
            score(row.pilotQuality),
            score(row.pilotCommunication),
            score(row.pilotTimeliness),
            row.pilotNotes || "—",
          ])}
        />
      </BlockStack>
    </Card>
  );
}
