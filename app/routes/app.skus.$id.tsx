import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  RangeSlider,
  Select,
  Text,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { requireMerchant } from "~/shopify.server";
import { getSkuDetail, runDisruptionWhatIf, runSkuOptimiser, saveSkuRiskAnswers, type OptimiserView } from "~/models/sku-views.server";
import { addBackupPath, WHAT_IF_MAX_DAYS, type SkuRiskAnswers } from "~/models/sku-views";
import { RiskProfileInput } from "~/models/risk-profile.schema";
import type { DisruptionComparison } from "~/planning/disruption";
import { addDays } from "~/sync/shop-calendar";
import { formatCents } from "~/lib/money";
import { RiskBadge } from "~/components/RiskBadge";
import { SplitBar } from "~/components/SplitBar";
import { VelocityChart } from "~/components/VelocityChart";

function notFound(): Response {
  return new Response("SKU not found", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const detail = await getSkuDetail(shop, params.id ?? "");
  // A variant of another shop is indistinguishable from one that does not exist.
  if (!detail) throw notFound();
  return { detail, adminUrl: adminProductUrl(shop, detail.productId, detail.variantId) };
}

/** The variant in Shopify admin (admin.shopify.com/store/<handle>/…). */
function adminProductUrl(shop: string, productId: string, variantId: string): string {
  const handle = shop.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${handle}/products/${productId}/variants/${variantId}`;
}

const ActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("optimise") }),
  z.object({ intent: z.literal("what-if"), outageDays: z.coerce.number().int().min(1).max(WHAT_IF_MAX_DAYS) }),
  RiskProfileInput.extend({ intent: z.literal("risk-profile") }),
]);

export type SkuActionResult =
  | { intent: "optimise"; optimiser: OptimiserView | null }
  | { intent: "what-if"; whatIf: DisruptionComparison | null }
  | { intent: "risk-profile"; saved: true }
  | { intent: "invalid"; errors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const variantId = params.id ?? "";
  const detail = await getSkuDetail(shop, variantId);
  if (!detail) throw notFound();
  const parsed = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "form", issue.message]));
    return Response.json({ intent: "invalid", errors } satisfies SkuActionResult, { status: 400 });
  }
  const form = parsed.data;
  switch (form.intent) {
    case "optimise":
      return Response.json({ intent: "optimise", optimiser: await runSkuOptimiser(shop, variantId) } satisfies SkuActionResult);
    case "what-if":
      return Response.json({ intent: "what-if", whatIf: await runDisruptionWhatIf(shop, variantId, form.outageDays) } satisfies SkuActionResult);
    case "risk-profile": {
      const { intent: _intent, ...answers } = form;
      await saveSkuRiskAnswers(shop, variantId, answers);
      return Response.json({ intent: "risk-profile", saved: true } satisfies SkuActionResult);
    }
  }
}

const days = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${Math.round(value)} days`);
const pct = (share: number) => `${Math.round(share * 100)}%`;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.title ?? "SKU"} · Backstop` }];

export default function SkuDetailPage() {
  const { detail, adminUrl } = useLoaderData<typeof loader>();
  const { plan, currencyCode } = detail;
  const money = (cents: number | null) => (cents === null ? "—" : formatCents(Math.round(cents), currencyCode));
  const forecastDays = plan ? Array.from({ length: 30 }, (_, i) => addDays(plan.asOf, i + 1)) : [];
  const primary = plan?.split.allocations.find((a) => a.role === "primary");
  const currentPrimary = plan?.suppliers.find((s) => s.supplierId === plan.split.primarySupplierId);

  return (
    <Page
      title={detail.title}
      subtitle={[detail.sku, detail.vendor, detail.productType].filter(Boolean).join(" · ")}
      backAction={{ content: "SKUs", url: "/app/skus" }}
      secondaryActions={[{ content: "View in Shopify admin", url: adminUrl, target: "_top" }]}
      titleMetadata={plan ? <RiskBadge level={plan.risk.riskLevel} /> : undefined}
    >
      <Layout>
        {!plan && (
          <Layout.Section>
            <Banner tone="info" title="Not planned yet">
              <p>This SKU gets its figures after the next sync finishes.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Daily sales and forecast
              </Text>
              <VelocityChart sales={detail.sales} forecastUnitsPerDay={detail.forecastUnitsPerDay} forecastDays={forecastDays} />
              {plan && (
                <Text as="p" tone="subdued">
                  {plan.velocity.unitsPerDay.toFixed(2)} units a day on in-stock days ({plan.velocity.demandClass} demand, {plan.velocity.confidence} confidence);{" "}
                  {plan.velocity.censoredDays > 0 ? `${plan.velocity.censoredDays} out-of-stock days left out; ` : ""}
                  rank #{plan.reliance.rank}, class {plan.reliance.abcClass}, {pct(plan.reliance.revenueShare)} of revenue.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        {plan && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Cover vs lead time
                </Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                  <Stat label="Days of cover" value={plan.risk.daysOfCover === null ? "No demand" : days(plan.risk.daysOfCover)} />
                  <Stat label={plan.leadTimeAssumed ? "Lead time (assumed)" : "Lead time"} value={days(plan.leadTimeDays ?? 30)} />
                  <Stat label="Stockout chance before restock" value={pct(plan.risk.stockoutProbability)} />
                  <Stat label="Order now" value={`${plan.risk.orderNowUnits.toLocaleString("en-US")} units`} />
                </InlineGrid>
                <Text as="p" tone="subdued">
                  {detail.availableUnits.toLocaleString("en-US")} units available; reorder point {plan.risk.reorderPointUnits.toLocaleString("en-US")} units
                  including {Math.ceil(plan.risk.safetyStockUnits).toLocaleString("en-US")} units of safety stock.
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Suppliers
                </Text>
                <Button url={addBackupPath(detail)}>Edit suppliers</Button>
              </InlineStack>
              {detail.suppliers.length === 0 ? (
                <Text as="p">No supplier on file. Add one so Backstop can use its real lead time and recommend a split.</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Supplier", "Role", "Lead time", "MOQ", "Landed cost", "Capacity / month", "Current share"]}
                  rows={detail.suppliers.map((s) => [
                    s.name,
                    `${s.role} (${s.stage})`,
                    days(s.leadTimeDays),
                    `${s.moqUnits.toLocaleString("en-US")} units`,
                    money(s.landedCostCents),
                    s.capacityUnitsPerMonth === null ? "Unlimited" : `${s.capacityUnitsPerMonth.toLocaleString("en-US")} units`,
                    `${s.allocationPct}%`,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        {plan && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Recommended split
                </Text>
                <InlineStack gap="600">
                  <SplitBar primaryPct={currentPrimary ? currentPrimary.currentPct : null} label="Now" />
                  <SplitBar primaryPct={primary ? primary.pct : null} label="Recommended" />
                </InlineStack>
                <Text as="p" fontWeight="semibold">
                  {plan.split.explanation}
                </Text>
                {plan.split.reasons.some((r) => r.text !== plan.split.explanation) && (
                  <List>
                    {plan.split.reasons.filter((r) => r.text !== plan.split.explanation).map((reason, i) => (
                      <List.Item key={`${reason.code}-${i}`}>{reason.text}</List.Item>
                    ))}
                  </List>
                )}
                <Text as="p" tone="subdued">
                  Carrying cost of stock: {money(plan.workingCapital.current.carryingCostPerYearCents)} a year now,{" "}
                  {money(plan.workingCapital.recommended.carryingCostPerYearCents)} a year with the recommended split.
                </Text>
                <OptimiserPanel canRun={plan.split.action === "split"} />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        {plan?.disruption && (
          <Layout.Section>
            <WhatIfCard initial={plan.disruption} currencyCode={currencyCode} />
          </Layout.Section>
        )}
        <Layout.Section>
          <RiskAnswersCard answers={detail.riskAnswers} reasons={plan?.priority.reasons ?? []} tier={plan?.priority.tier ?? null} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        {value}
      </Text>
    </BlockStack>
  );
}

function OptimiserPanel({ canRun }: { canRun: boolean }) {
  const fetcher = useFetcher<SkuActionResult>();
  const result = fetcher.data?.intent === "optimise" ? fetcher.data.optimiser : undefined;
  const { currencyCode } = useLoaderData<typeof loader>().detail;
  const money = (cents: number) => formatCents(cents, currencyCode);
  if (!canRun) {
    return (
      <Text as="p" tone="subdued">
        The cost comparison needs a primary and a qualified backup supplier.
      </Text>
    );
  }
  return (
    <BlockStack gap="200">
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="optimise" />
        <Button submit loading={fetcher.state !== "idle"}>
          Compare costs of other splits
        </Button>
      </fetcher.Form>
      {result === null && <Text as="p">The optimiser has nothing to compare for this SKU.</Text>}
      {result && (
        <BlockStack gap="200">
          <Text as="p">{result.explanation}</Text>
          <DataTable
            columnContentTypes={["numeric", "numeric", "numeric"]}
            headings={["Share to backup", "Total cost per year", "Stockout days per year"]}
            rows={result.candidates
              .filter((c) => c.backupPct % 10 === 0 || c.backupPct === result.bestBackupPct || c.backupPct === result.ruleBackupPct)
              .map((c) => [
                `${c.backupPct}%${c.backupPct === result.bestBackupPct ? " (cheapest)" : ""}${c.backupPct === result.ruleBackupPct ? " (recommended)" : ""}`,
                money(c.totalCentsPerYear),
                c.stockoutDaysPerYear.toFixed(1),
              ])}
          />
        </BlockStack>
      )}
    </BlockStack>
  );
}

function WhatIfCard({ initial, currencyCode }: { initial: DisruptionComparison; currencyCode: string }) {
  const fetcher = useFetcher<SkuActionResult>();
  const [outageDays, setOutageDays] = useState(initial.outageDays);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { submit } = fetcher;
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const onChange = (value: number) => {
    setOutageDays(value);
    if (timer.current) clearTimeout(timer.current);
    // Re-run once the slider rests, not on every step of a drag.
    timer.current = setTimeout(() => submit({ intent: "what-if", outageDays: String(value) }, { method: "post" }), 250);
  };
  const comparison = fetcher.data?.intent === "what-if" && fetcher.data.whatIf ? fetcher.data.whatIf : initial;
  const money = (cents: number) => formatCents(Math.round(cents), currencyCode);
  const outcome = (label: string, o: DisruptionComparison["current"]) => [
    label,
    `${Math.round(o.backupShare * 100)}%`,
    o.stockoutDay === null ? "None" : `Day ${o.stockoutDay + 1} (${o.stockoutDate ?? ""})`,
    Math.round(o.unitsShort).toLocaleString("en-US"),
    money(o.revenueLostCents),
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What if the primary supplier stops?
        </Text>
        <RangeSlider
          label={`Primary unavailable for ${outageDays} days`}
          min={1}
          max={WHAT_IF_MAX_DAYS}
          value={outageDays}
          onChange={(value) => onChange(Array.isArray(value) ? value[0] : value)}
          output
        />
        <DataTable
          columnContentTypes={["text", "numeric", "text", "numeric", "numeric"]}
          headings={["Split", "Backup share", "First stockout", "Units short", "Revenue lost"]}
          rows={[outcome("Current", comparison.current), outcome("Recommended", comparison.recommended)]}
        />
        <Text as="p" aria-live="polite">
          {comparison.revenueProtectedCents > 0
            ? `The recommended split protects ${money(comparison.revenueProtectedCents)} of revenue over a ${comparison.outageDays}-day outage.`
            : `Over a ${comparison.outageDays}-day outage the recommended split loses no less revenue than the current one.`}
        </Text>
      </BlockStack>
    </Card>
  );
}

const FRICTION_OPTIONS = [
  { label: "Low: another factory could take over quickly", value: "low" },
  { label: "Medium", value: "medium" },
  { label: "High: tooling, moulds or approvals make switching slow", value: "high" },
];

function RiskAnswersCard({ answers, reasons, tier }: { answers: SkuRiskAnswers; reasons: { code: string; text: string }[]; tier: string | null }) {
  const fetcher = useFetcher<SkuActionResult>();
  const [friction, setFriction] = useState<string>(answers.switchingFriction);
  const [checked, setChecked] = useState({
    singleRegion: answers.singleRegion,
    capacityConstrained: answers.capacityConstrained,
    complexMaterials: answers.complexMaterials,
    heavyManualSteps: answers.heavyManualSteps,
  });
  const toggle = (key: keyof typeof checked) => (value: boolean) => setChecked((prev) => ({ ...prev, [key]: value }));
  const errors = fetcher.data?.intent === "invalid" ? fetcher.data.errors : {};
  return (
    <Card>
      <fetcher.Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Production risk
          </Text>
          {tier && (
            <Text as="p">
              Backup priority: <strong>{tier}</strong>
              {reasons.length > 0 ? ` (${reasons.map((r) => r.text).join(" ")})` : ""}
            </Text>
          )}
          <input type="hidden" name="intent" value="risk-profile" />
          <Checkbox label="Made in a single region" name="singleRegion" checked={checked.singleRegion} onChange={toggle("singleRegion")} />
          <Checkbox label="The factory is capacity constrained" name="capacityConstrained" checked={checked.capacityConstrained} onChange={toggle("capacityConstrained")} />
          <Checkbox label="Complex or scarce materials" name="complexMaterials" checked={checked.complexMaterials} onChange={toggle("complexMaterials")} />
          <Checkbox label="Many manual production steps" name="heavyManualSteps" checked={checked.heavyManualSteps} onChange={toggle("heavyManualSteps")} />
          {/* Checkboxes post "on" only when ticked; hidden fields say "false" otherwise. */}
          {Object.entries(checked).map(([key, value]) => (value ? null : <input key={key} type="hidden" name={key} value="false" />))}
          <Select label="Switching friction" name="switchingFriction" options={FRICTION_OPTIONS} value={friction} onChange={setFriction} error={errors.switchingFriction} />
          <InlineStack gap="200" blockAlign="center">
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              Save answers
            </Button>
            {fetcher.state === "idle" && fetcher.data?.intent === "risk-profile" && (
              <span role="status">
                <Text as="span" tone="success">
                  Saved; the recommendation was updated.
                </Text>
              </span>
            )}
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
