import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRouteError, useSearchParams } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  Filters,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  List,
  Modal,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { requireMerchant } from "~/shopify.server";
import { getShop } from "~/models/shop.server";
import { filterFromSearchParams, parseBulkEditForm, type AssignmentFilter, type BulkOperation } from "~/models/assignment.schema";
import { getUndo, listAssignmentTable, replanAfterEdit, undoLastAssignmentsChange } from "~/models/assignment.server";
import { importAssignmentsCsv } from "~/models/assignment-csv.server";
import { applyBulkEdit, previewBulkEdit, type BulkEditSummary } from "~/models/bulk-edit.server";
import { fieldErrorsOf } from "~/models/form-fields";
import { SUPPLIER_STAGES, STAGE_LABELS } from "~/models/supplier.schema";
import { listActiveSupplierOptions } from "~/models/supplier.server";
import { formatCents } from "~/lib/money";
import { downloadFromApp, hasAppBridgeToast, showToast } from "~/lib/app-bridge";

export const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const params = new URL(request.url).searchParams;
  const filter = filterFromSearchParams(params);
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [table, suppliers, undo, shopRow] = await Promise.all([
    listAssignmentTable(shop, filter, { page, pageSize: PAGE_SIZE }),
    listActiveSupplierOptions(shop),
    getUndo(shop),
    getShop(shop),
  ]);
  // "Edit suppliers" on a SKU page links here with ?variant=<id>: that row starts selected.
  const linked = params.get("variant");
  const preselected = table.rows.some((row) => row.variantId === linked) ? [linked as string] : [];
  return { filter, page, pageSize: PAGE_SIZE, ...table, suppliers, undo, currencyCode: shopRow?.currencyCode ?? "USD", preselected };
}

export type AssignmentsActionData =
  | { intent: "preview"; summary: BulkEditSummary }
  | { intent: "apply"; summary: BulkEditSummary; replannedInline: boolean }
  | { intent: "undo"; description: string }
  | { intent: "import"; summary: { created: number; updated: number; unchanged: number; skuCount: number }; replannedInline: boolean }
  | { intent: "import"; lineErrors: Array<{ line: number; message: string }> }
  | { intent: string; errors: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const currencyCode = (await getShop(shop))?.currencyCode ?? "USD";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  if (intent === "preview" || intent === "apply") {
    const { selection, edit } = parseBulkEditForm(form, currencyCode);
    if (!selection.success || !edit.success) {
      const errors = { ...(selection.success ? {} : fieldErrorsOf(selection.error)), ...(edit.success ? {} : fieldErrorsOf(edit.error)) };
      return data({ intent, errors }, { status: 422 });
    }
    const result = intent === "preview" ? await previewBulkEdit(shop, selection.data, edit.data) : await applyBulkEdit(shop, selection.data, edit.data);
    if (!result.ok) return data({ intent, errors: result.fieldErrors }, { status: 422 });
    if (intent === "preview") return { intent, summary: result.summary };
    const { replannedInline } = await replanAfterEdit(shop, result.changedVariantIds);
    return { intent, summary: result.summary, replannedInline };
  }
  if (intent === "undo") {
    const undone = await undoLastAssignmentsChange(shop);
    if (!undone) return data({ intent, errors: { form: "There is no change to undo: each change can be undone once." } }, { status: 409 });
    await replanAfterEdit(shop, undone.variantIds);
    return { intent, description: undone.description };
  }
  if (intent === "import") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return data({ intent, errors: { file: "Choose a CSV file to import" } }, { status: 422 });
    if (file.size > 5_000_000) return data({ intent, errors: { file: "The file is larger than 5 MB; split it into smaller files" } }, { status: 422 });
    const result = await importAssignmentsCsv(shop, await file.text(), currencyCode);
    if (!result.ok) return data({ intent, lineErrors: result.errors }, { status: 422 });
    const { changedVariantIds, ...summary } = result.summary;
    const { replannedInline } = await replanAfterEdit(shop, changedVariantIds);
    return { intent, summary, replannedInline };
  }
  return data({ intent, errors: { form: `Unknown action "${intent}"` } }, { status: 400 });
}

const OPERATIONS: Array<{ value: BulkOperation; label: string }> = [
  { value: "add-backup", label: "Add a backup supplier" },
  { value: "replace-backup", label: "Replace the backup supplier" },
  { value: "set-primary", label: "Set the primary supplier" },
  { value: "set-split", label: "Set the split between primary and backup" },
  { value: "set-terms", label: "Set lead time, MOQ, landed cost or capacity" },
  { value: "remove-supplier", label: "Remove a supplier" },
];

const COVERAGE_LABELS: Record<AssignmentFilter["coverage"], string> = {
  all: "All SKUs",
  "no-backup": "Primary but no backup",
  unassigned: "No supplier",
};

function filterSearch(filter: AssignmentFilter, page = 1): string {
  const params = new URLSearchParams();
  if (filter.query) params.set("query", filter.query);
  if (filter.supplierId) params.set("supplierId", filter.supplierId);
  if (filter.coverage !== "all") params.set("coverage", filter.coverage);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export default function Assignments() {
  const { filter, page, pageSize, rows, total, suppliers, undo, currencyCode, preselected } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [, setSearchParams] = useSearchParams();
  const bulk = useFetcher<AssignmentsActionData>();
  const undoFetcher = useFetcher<AssignmentsActionData>();
  const importFetcher = useFetcher<AssignmentsActionData>();
  const resources = useMemo(() => rows.map((row) => ({ id: row.variantId })), [rows]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(resources, { selectedResources: preselected });
  const [queryValue, setQueryValue] = useState(filter.query);
  const [modalOpen, setModalOpen] = useState(false);
  const [operation, setOperation] = useState<BulkOperation>("add-backup");
  const [fields, setFields] = useState<Record<string, string>>({ stage: "qualified" });
  // Bumped on every edit of the change form; a preview counts only for the version it was made from.
  const [formVersion, setFormVersion] = useState(0);
  const [previewVersion, setPreviewVersion] = useState(-1);
  const setField = (name: string) => (value: string) => {
    setFields((current) => ({ ...current, [name]: value }));
    setFormVersion((v) => v + 1);
  };
  const [notice, setNotice] = useState<string | null>(null);
  const filterKey = `${filter.query}|${filter.supplierId}|${filter.coverage}`;

  // A new filter is a new list: a selection made under the old one would be misleading.
  // (State adjusted while rendering, React's pattern for "reset when a prop changes".)
  const [selectionFilterKey, setSelectionFilterKey] = useState(filterKey);
  if (selectionFilterKey !== filterKey) {
    setSelectionFilterKey(filterKey);
    clearSelection();
  }

  // When an apply finishes: close the dialog, clear the selection and say what happened.
  const appliedResult = bulk.state === "idle" && bulk.data?.intent === "apply" && "summary" in bulk.data ? bulk.data : null;
  const [handledApply, setHandledApply] = useState<unknown>(null);
  if (appliedResult && appliedResult !== handledApply) {
    setHandledApply(appliedResult);
    setModalOpen(false);
    clearSelection();
    setNotice(`${appliedResult.summary.description}.${appliedResult.replannedInline ? "" : " Recommendations are being recalculated."}`);
  }
  const undoneResult = undoFetcher.state === "idle" && undoFetcher.data && "description" in undoFetcher.data ? undoFetcher.data : null;
  const [handledUndo, setHandledUndo] = useState<unknown>(null);
  if (undoneResult && undoneResult !== handledUndo) {
    setHandledUndo(undoneResult);
    setNotice(`Undone: ${undoneResult.description}`);
  }
  // Inside Shopify admin the notice is an App Bridge toast; without App Bridge (demo) a banner.
  // (A notice only exists after a client-side action, so reading window here never differs from the server render.)
  const bannerNotice = notice && !hasAppBridgeToast() ? notice : null;
  useEffect(() => {
    if (notice) showToast(notice);
  }, [notice]);
  const tell = (message: string) => setNotice(message);

  const applyFilter = (next: Partial<AssignmentFilter>) => navigate(filterSearch({ ...filter, ...next }));
  // The URL is the truth: when it changes (back button, "Clear all"), the search box follows it.
  const [queryFromUrl, setQueryFromUrl] = useState(filter.query);
  if (queryFromUrl !== filter.query) {
    setQueryFromUrl(filter.query);
    setQueryValue(filter.query);
  }
  // Search as the merchant types, once they pause (the URL keeps the view shareable).
  useEffect(() => {
    if (queryValue === filter.query) return;
    const timer = setTimeout(() => navigate(filterSearch({ ...filter, query: queryValue }), { replace: true }), 400);
    return () => clearTimeout(timer);
  }, [queryValue, filter, navigate]);
  const selectionCount = allResourcesSelected ? total : selectedResources.length;
  const selectionFields = allResourcesSelected
    ? { selection: "filter", filterQuery: filter.query, filterSupplierId: filter.supplierId, filterCoverage: filter.coverage }
    : { selection: "ids" };

  const submitBulk = (intent: "preview" | "apply") => {
    const formData = new FormData();
    formData.set("intent", intent);
    formData.set("operation", operation);
    for (const [key, value] of Object.entries(fields)) formData.set(key, value);
    if (intent === "preview") setPreviewVersion(formVersion);
    for (const [key, value] of Object.entries(selectionFields)) formData.set(key, value);
    if (!allResourcesSelected) for (const id of selectedResources) formData.append("variantIds", id);
    bulk.submit(formData, { method: "post" });
  };

  const bulkResult = bulk.data;
  const errors = bulkResult && "errors" in bulkResult ? bulkResult.errors : {};
  const preview =
    bulkResult?.intent === "preview" && "summary" in bulkResult && previewVersion === formVersion && selectionCount > 0 ? bulkResult.summary : null;
  const importResult = importFetcher.data;
  const supplierOptions = [{ label: "Choose a supplier", value: "" }, ...suppliers.map((s) => ({ label: s.name, value: s.id }))];

  const titleOf = (row: (typeof rows)[number]) => `${row.productTitle}${row.variantTitle && row.variantTitle !== "Default Title" ? ` – ${row.variantTitle}` : ""}`;
  const rowMarkup = rows.map((row, index) => (
    <IndexTable.Row
      id={row.variantId}
      key={row.variantId}
      position={index}
      selected={selectedResources.includes(row.variantId)}
      // Polaris would name every box "Select SKU"; a screen reader user needs to hear which one.
      accessibilityLabel={`Select ${titleOf(row)}`}
    >
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {titleOf(row)}
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          {row.sku ?? "No SKU"}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {row.assignments.length === 0 ? (
          <Badge tone="critical">No supplier</Badge>
        ) : (
          <BlockStack gap="100">
            {row.assignments.map((a) => (
              <InlineStack key={a.id} gap="200" blockAlign="center" wrap={false}>
                <Badge tone={a.role === "primary" ? "info" : undefined}>{a.role === "primary" ? "Primary" : "Backup"}</Badge>
                <Text as="span">
                  {a.supplierName}
                  {a.supplierArchived ? " (archived)" : ""} · {a.allocationPct}% · {STAGE_LABELS[a.stage as keyof typeof STAGE_LABELS] ?? a.stage}
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100">
          {row.assignments.map((a) => (
            <Text as="span" key={a.id} numeric>
              {a.leadTimeDays} days · MOQ {a.moqUnits.toLocaleString("en-US")} units
            </Text>
          ))}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100">
          {row.assignments.map((a) => (
            <Text as="span" key={a.id} numeric>
              {a.landedCostCents === null ? "No landed cost" : `${formatCents(a.landedCostCents, currencyCode)} per unit`}
              {a.capacityUnitsPerMonth === null ? "" : ` · ${a.capacityUnitsPerMonth.toLocaleString("en-US")} units/month`}
            </Text>
          ))}
        </BlockStack>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page
      title="Assignments"
      subtitle="Who makes each SKU: select SKUs, then change their suppliers in one step."
      primaryAction={{ content: "Change selected SKUs", disabled: selectionCount === 0, onAction: () => setModalOpen(true) }}
      secondaryActions={[
        {
          content: "Export this view (CSV)",
          onAction: () => {
            void downloadFromApp(`/app/assignments.csv${filterSearch(filter)}`, "assignments.csv").catch(() => tell("The export failed; try again."));
          },
        },
        {
          content: "Download import template",
          onAction: () => {
            void downloadFromApp("/app/assignments.csv?template=1", "assignments-template.csv").catch(() => tell("The download failed; try again."));
          },
        },
      ]}
    >
      <Layout>
        {bannerNotice && (
          <Layout.Section>
            <Banner tone="success" onDismiss={() => setNotice(null)}>
              <p>{bannerNotice}</p>
            </Banner>
          </Layout.Section>
        )}
        {undo && (
          <Layout.Section>
            <Banner tone="info" title={`Last change: ${undo.description}`}>
              <InlineStack gap="200" blockAlign="center">
                <Text as="p">You can undo it once.</Text>
                <undoFetcher.Form method="post">
                  <input type="hidden" name="intent" value="undo" />
                  <Button submit loading={undoFetcher.state !== "idle"}>
                    Undo
                  </Button>
                </undoFetcher.Form>
              </InlineStack>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <Filters
              queryValue={queryValue}
              queryPlaceholder="Search by SKU or product"
              onQueryChange={setQueryValue}
              onQueryClear={() => {
                setQueryValue("");
                applyFilter({ query: "" });
              }}
              onClearAll={() => {
                setQueryValue("");
                navigate("");
              }}
              filters={[
                {
                  key: "supplierId",
                  label: "Supplier",
                  filter: (
                    <ChoiceList
                      title="Supplier"
                      titleHidden
                      choices={suppliers.map((s) => ({ label: s.name, value: s.id }))}
                      selected={filter.supplierId ? [filter.supplierId] : []}
                      onChange={([value]) => applyFilter({ supplierId: value ?? "" })}
                    />
                  ),
                  shortcut: true,
                },
                {
                  key: "coverage",
                  label: "Coverage",
                  filter: (
                    <ChoiceList
                      title="Coverage"
                      titleHidden
                      choices={Object.entries(COVERAGE_LABELS).map(([value, label]) => ({ value, label }))}
                      selected={[filter.coverage]}
                      onChange={([value]) => applyFilter({ coverage: (value ?? "all") as AssignmentFilter["coverage"] })}
                    />
                  ),
                  shortcut: true,
                },
              ]}
              appliedFilters={[
                ...(filter.supplierId
                  ? [{ key: "supplierId", label: `Supplier: ${suppliers.find((s) => s.id === filter.supplierId)?.name ?? "archived"}`, onRemove: () => applyFilter({ supplierId: "" }) }]
                  : []),
                ...(filter.coverage !== "all" ? [{ key: "coverage", label: COVERAGE_LABELS[filter.coverage], onRemove: () => applyFilter({ coverage: "all" }) }] : []),
              ]}
            />
            <IndexTable
              resourceName={{ singular: "SKU", plural: "SKUs" }}
              itemCount={rows.length}
              hasMoreItems={total > rows.length}
              paginatedSelectAllActionText={`Select all ${total.toLocaleString("en-US")} SKUs matching this filter`}
              paginatedSelectAllText={`All ${total.toLocaleString("en-US")} SKUs matching this filter are selected`}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[{ content: `Change suppliers of ${selectionCount} SKU${selectionCount === 1 ? "" : "s"}`, onAction: () => setModalOpen(true) }]}
              headings={[{ title: "SKU" }, { title: "Suppliers (role · share · stage)" }, { title: "Lead time and MOQ" }, { title: "Landed cost and capacity" }]}
              emptyState={
                <EmptyState heading="No SKUs match" image="">
                  <p>Clear the search or filters, or run a sync to bring in your catalog.</p>
                </EmptyState>
              }
            >
              {rowMarkup}
            </IndexTable>
            <div style={{ padding: "12px", display: "flex", justifyContent: "center" }}>
              <Pagination
                label={`Page ${page} of ${Math.max(1, Math.ceil(total / pageSize))} · ${total.toLocaleString("en-US")} SKUs`}
                hasPrevious={page > 1}
                onPrevious={() => setSearchParams(new URLSearchParams(filterSearch(filter, page - 1)))}
                hasNext={page * pageSize < total}
                onNext={() => setSearchParams(new URLSearchParams(filterSearch(filter, page + 1)))}
              />
            </div>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Import assignments from CSV
              </Text>
              <Text as="p" tone="subdued">
                One row per SKU and supplier, in the template's columns. Every row is checked first: if any row has a problem, nothing is saved and each
                problem is listed with its line number.
              </Text>
              <importFetcher.Form method="post" encType="multipart/form-data">
                <input type="hidden" name="intent" value="import" />
                <BlockStack gap="200">
                  <label htmlFor="assignments-csv">
                    <Text as="span">CSV file</Text>
                  </label>
                  <input id="assignments-csv" type="file" name="file" accept=".csv,text/csv" />
                  {importResult && "errors" in importResult && importResult.errors.file && (
                    <Text as="p" tone="critical">
                      {importResult.errors.file}
                    </Text>
                  )}
                  <InlineStack>
                    <Button submit loading={importFetcher.state !== "idle"}>
                      Check and import
                    </Button>
                  </InlineStack>
                </BlockStack>
              </importFetcher.Form>
              {importResult && "lineErrors" in importResult && (
                <Banner tone="critical" title={`Nothing was imported: ${importResult.lineErrors.length} problem${importResult.lineErrors.length === 1 ? "" : "s"} to fix`}>
                  <List>
                    {importResult.lineErrors.slice(0, 100).map((error, i) => (
                      <List.Item key={i}>
                        Line {error.line}: {error.message}
                      </List.Item>
                    ))}
                  </List>
                  {importResult.lineErrors.length > 100 && <p>…and {importResult.lineErrors.length - 100} more.</p>}
                </Banner>
              )}
              {importResult && "summary" in importResult && importResult.intent === "import" && (
                <Banner tone="success" title="Import saved">
                  <p>
                    {importResult.summary.created} assignment{importResult.summary.created === 1 ? "" : "s"} added, {importResult.summary.updated} updated,{" "}
                    {importResult.summary.unchanged} already up to date, on {importResult.summary.skuCount} SKU{importResult.summary.skuCount === 1 ? "" : "s"}.
                    {importResult.replannedInline ? "" : " Recommendations are being recalculated."}
                  </p>
                </Banner>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>

      <Modal open={modalOpen} onClose={() => setModalOpen(false)} title={`Change suppliers of ${selectionCount} SKU${selectionCount === 1 ? "" : "s"}`}>
        <Modal.Section>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              submitBulk("preview");
            }}
          >
            <FormLayout>
              <Select
                label="Change"
                options={OPERATIONS}
                value={operation}
                onChange={(value) => {
                  setOperation(value as BulkOperation);
                  setFormVersion((v) => v + 1);
                }}
              />
              {operation !== "set-split" && (
                <Select
                  label="Supplier"
                  options={supplierOptions}
                  value={fields.supplierId ?? ""}
                  onChange={setField("supplierId")}
                  error={errors.supplierId}
                  helpText={suppliers.length === 0 ? "Create a supplier first on the Suppliers page." : undefined}
                />
              )}
              {operation === "add-backup" && (
                <Select
                  label="Qualification stage"
                  options={SUPPLIER_STAGES.map((stage) => ({ label: STAGE_LABELS[stage], value: stage }))}
                  value={fields.stage ?? "qualified"}
                  onChange={setField("stage")}
                />
              )}
              {operation === "replace-backup" && (
                <Select
                  label="Backup to replace"
                  options={[{ label: "Every current backup", value: "" }, ...suppliers.map((s) => ({ label: s.name, value: s.id }))]}
                  value={fields.replaceSupplierId ?? ""}
                  onChange={setField("replaceSupplierId")}
                />
              )}
              {operation === "set-split" && (
                <TextField label="Primary share" value={fields.primaryPct ?? ""} onChange={setField("primaryPct")} type="number" suffix="%" autoComplete="off" min={0} max={100} error={errors.primaryPct} helpText="The backups share the rest equally." />
              )}
              {operation === "set-terms" && (
                <FormLayout.Group>
                  <TextField label="Lead time" value={fields.leadTimeDays ?? ""} onChange={setField("leadTimeDays")} type="number" suffix="days" autoComplete="off" error={errors.leadTimeDays} />
                  <TextField label="Minimum order quantity" value={fields.moqUnits ?? ""} onChange={setField("moqUnits")} type="number" suffix="units" autoComplete="off" error={errors.moqUnits} />
                  <TextField label="Landed cost per unit" value={fields.landedCostCents ?? ""} onChange={setField("landedCostCents")} prefix={currencyCode} autoComplete="off" error={errors.landedCostCents} />
                  <TextField label="Capacity" value={fields.capacityUnitsPerMonth ?? ""} onChange={setField("capacityUnitsPerMonth")} type="number" suffix="units/month" autoComplete="off" error={errors.capacityUnitsPerMonth} />
                </FormLayout.Group>
              )}
              {errors.form && (
                <Text as="p" tone="critical">
                  {errors.form}
                </Text>
              )}
              {errors.variantIds && (
                <Text as="p" tone="critical">
                  {errors.variantIds}
                </Text>
              )}
            </FormLayout>
          </form>
        </Modal.Section>
        {preview && (
          <Modal.Section>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {preview.changeCount} SKU{preview.changeCount === 1 ? "" : "s"} will change
                {preview.skippedCount > 0 ? `; ${preview.skippedCount} skipped` : ""}
              </Text>
              {preview.skipReasons.map((reason) => (
                <Text as="p" key={reason.reason} tone="subdued">
                  {reason.count} skipped because {reason.reason} (e.g. {reason.examples.join(", ")})
                </Text>
              ))}
              <List>
                {preview.changes.map((change) => (
                  <List.Item key={change.variantId}>
                    {change.label}: {change.summary}
                  </List.Item>
                ))}
              </List>
              {preview.changeCount > preview.changes.length && <Text as="p">…and {preview.changeCount - preview.changes.length} more.</Text>}
            </BlockStack>
          </Modal.Section>
        )}
        <Modal.Section>
          <InlineStack gap="200" align="end">
            <Button onClick={() => setModalOpen(false)}>Cancel</Button>
            <Button loading={bulk.state !== "idle" && bulk.formData?.get("intent") === "preview"} onClick={() => submitBulk("preview")}>
              Preview
            </Button>
            <Button
              variant="primary"
              disabled={!preview || preview.changeCount === 0}
              loading={bulk.state !== "idle" && bulk.formData?.get("intent") === "apply"}
              onClick={() => submitBulk("apply")}
            >
              {preview ? `Apply to ${preview.changeCount} SKU${preview.changeCount === 1 ? "" : "s"}` : "Apply"}
            </Button>
          </InlineStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
