import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Badge, Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { requireMerchant } from "~/shopify.server";
import { getShop } from "~/models/shop.server";
import { getSettings } from "~/models/settings.server";
import { fieldErrorsOf } from "~/models/form-fields";
import { QualificationInput, SupplierInput } from "~/models/supplier.schema";
import { getSupplier, getSupplierScorecard, setSupplierArchived, updateQualification, updateSupplier } from "~/models/supplier.server";
import { compareSuppliersForVariant, listSupplierAssignments, replanAfterEdit, variantLabel } from "~/models/assignment.server";
import { purchaseOrderInput, ReceiveInput } from "~/models/purchase-order.schema";
import { createPurchaseOrder, importPurchaseOrdersCsv, listPurchaseOrders, receivePurchaseOrder, updatePurchaseOrder } from "~/models/purchase-order.server";
import { createShopCalendar } from "~/sync/shop-calendar";
import db from "~/db.server";
import { SupplierForm, type SupplierFormValues } from "./SupplierForm";
import { Scorecard } from "./Scorecard";
import { Comparison, Pipeline } from "./Pipeline";
import { PurchaseOrders } from "./PurchaseOrders";

function notFound(id: string | undefined): Response {
  return new Response(`No supplier ${id ?? ""} in this shop`, { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const supplier = await getSupplier(shop, params.id ?? "");
  if (!supplier) throw notFound(params.id);
  const [shopRow, settings, assignments, orders] = await Promise.all([
    getShop(shop),
    getSettings(shop),
    listSupplierAssignments(shop, supplier.id),
    listPurchaseOrders(shop, supplier.id),
  ]);
  const today = createShopCalendar(shopRow?.ianaTimezone ?? "UTC").dayOf(Date.now());
  const scorecard = await getSupplierScorecard(shop, supplier.id, today, settings.lateGraceDays);
  const compareId = new URL(request.url).searchParams.get("compare");
  const comparison = compareId ? await compareSuppliersForVariant(shop, compareId) : [];
  const compared = compareId ? assignments.find((a) => a.variantId === compareId) : undefined;
  // POs may name SKUs the supplier no longer makes: label those too.
  const orderVariantIds = [...new Set(orders.map((o) => o.variantId))].filter((id) => !assignments.some((a) => a.variantId === id));
  const extraVariants = orderVariantIds.length
    ? await db.variant.findMany({ where: { shop, id: { in: orderVariantIds } }, select: { id: true, sku: true, productTitle: true, variantTitle: true } })
    : [];
  return {
    supplier,
    currencyCode: shopRow?.currencyCode ?? "USD",
    today,
    lateGraceDays: settings.lateGraceDays,
    assignments,
    orders,
    variantOptions: [
      ...assignments.map((a) => ({ label: a.variantLabel, value: a.variantId })),
      ...extraVariants.map((v) => ({ label: variantLabel(v), value: v.id })),
    ],
    scorecard: scorecard ? { ...scorecard.performance, points: scorecard.points } : null,
    comparison: compared
      ? {
          title: compared.variantLabel,
          rows: comparison.map((c) => ({ ...c, supplierName: c.supplier.name, region: c.supplier.region })),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const supplierId = params.id ?? "";
  const currencyCode = (await getShop(shop))?.currencyCode ?? "USD";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fields = Object.fromEntries(form);
  const invalid = (errors: Record<string, string>) => data({ intent, errors }, { status: 422 });

  switch (intent) {
    case "save": {
      const parsed = SupplierInput.safeParse(fields);
      if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
      const result = await updateSupplier(shop, supplierId, parsed.data);
      if (!result.ok) {
        if ("notFound" in result) throw notFound(supplierId);
        return invalid(result.fieldErrors);
      }
      await replanAfterEdit(shop, result.affectedVariantIds ?? []);
      return { intent, saved: true };
    }
    case "archive":
    case "restore": {
      const affected = await setSupplierArchived(shop, supplierId, intent === "archive");
      if (!affected) throw notFound(supplierId);
      await replanAfterEdit(shop, affected);
      return { intent, saved: true };
    }
    case "qualification": {
      const parsed = QualificationInput.safeParse(fields);
      if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
      const updated = await updateQualification(shop, supplierId, parsed.data);
      if (!updated) throw notFound(supplierId);
      await replanAfterEdit(shop, [updated.variantId]);
      return { intent, saved: true };
    }
    case "create-po":
    case "update-po": {
      const parsed = purchaseOrderInput(currencyCode).safeParse(fields);
      if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
      const result =
        intent === "create-po"
          ? await createPurchaseOrder(shop, supplierId, parsed.data)
          : await updatePurchaseOrder(shop, supplierId, String(fields.purchaseOrderId ?? ""), parsed.data);
      if (!result.ok) {
        if ("notFound" in result) throw new Response("No such purchase order in this shop", { status: 404 });
        return invalid(result.fieldErrors);
      }
      const previous = "previousVariantId" in result && typeof result.previousVariantId === "string" ? [result.previousVariantId] : [];
      await replanAfterEdit(shop, [result.variantId, ...previous]);
      return { intent, saved: true };
    }
    case "receive-po": {
      const parsed = ReceiveInput.safeParse(fields);
      if (!parsed.success) return invalid(fieldErrorsOf(parsed.error));
      const result = await receivePurchaseOrder(shop, supplierId, parsed.data);
      if (!result.ok) {
        if ("notFound" in result) throw new Response("No such purchase order in this shop", { status: 404 });
        return invalid(result.fieldErrors);
      }
      await replanAfterEdit(shop, [result.variantId]);
      return { intent, saved: true };
    }
    case "import-pos": {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) return invalid({ file: "Choose a CSV file to import" });
      const result = await importPurchaseOrdersCsv(shop, supplierId, await file.text(), currencyCode);
      if (!result.ok) {
        if ("notFound" in result) throw notFound(supplierId);
        return data({ intent, lineErrors: result.errors }, { status: 422 });
      }
      await replanAfterEdit(shop, result.variantIds);
      return { intent, created: result.created };
    }
    default:
      return data({ intent, errors: { form: `Unknown action "${intent}"` } }, { status: 400 });
  }
}

export default function SupplierPage() {
  const { supplier, currencyCode, today, lateGraceDays, assignments, orders, variantOptions, scorecard, comparison } = useLoaderData<typeof loader>();
  const archive = useFetcher<{ errors?: Record<string, string> }>();
  const isArchived = supplier.archivedAt !== null;
  return (
    <Page
      title={supplier.name}
      titleMetadata={isArchived ? <Badge>Archived</Badge> : undefined}
      subtitle={[supplier.region, `${supplier.defaultLeadTimeDays}-day default lead time`, `${supplier.depositPct}% deposit, balance in ${supplier.paymentTermsDays} days`].filter(Boolean).join(" · ")}
      backAction={{ content: "Suppliers", url: "/app/suppliers" }}
      secondaryActions={[
        {
          content: isArchived ? "Restore supplier" : "Archive supplier",
          destructive: !isArchived,
          loading: archive.state !== "idle",
          helpText: isArchived ? undefined : "Archived suppliers keep their history but get no volume in plans.",
          onAction: () => archive.submit({ intent: isArchived ? "restore" : "archive" }, { method: "post" }),
        },
      ]}
    >
      <Layout>
        {isArchived && (
          <Layout.Section>
            <Banner tone="warning" title="This supplier is archived">
              <p>Its assignments are kept but planning ignores them. Restore it to plan with it again.</p>
            </Banner>
          </Layout.Section>
        )}
        {comparison && (
          <Layout.Section>
            <Comparison title={comparison.title} rows={comparison.rows} />
          </Layout.Section>
        )}
        <Layout.Section>
          {scorecard ? <Scorecard scorecard={scorecard} currencyCode={currencyCode} /> : null}
        </Layout.Section>
        <Layout.Section>
          <Pipeline rows={assignments} supplierId={supplier.id} />
        </Layout.Section>
        <Layout.Section>
          <PurchaseOrders supplierId={supplier.id} orders={orders} variantOptions={variantOptions} currencyCode={currencyCode} today={today} lateGraceDays={lateGraceDays} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Details
              </Text>
              <SupplierDetails supplier={supplier} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SupplierDetails({ supplier }: { supplier: SupplierFormValues }) {
  const fetcher = useFetcher<{ errors?: Record<string, string>; saved?: boolean }>();
  return (
    <BlockStack gap="200">
      {fetcher.state === "idle" && fetcher.data?.saved === true && <Banner tone="success" title="Supplier saved" />}
      <SupplierForm initial={supplier} errors={fetcher.data?.errors ?? {}} submitLabel="Save supplier" isSubmitting={fetcher.state !== "idle"} wrapForm={(children) => <fetcher.Form method="post">{children}</fetcher.Form>} />
    </BlockStack>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
