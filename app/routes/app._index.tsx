import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { requireMerchant } from "~/shopify.server";
import { describeSyncForMerchant, type MerchantSyncView } from "~/jobs/sync-status.server";
import { getShopOverview } from "~/models/sku-views.server";
import { addBackupPath } from "~/models/sku-views";
import { getShop } from "~/models/shop.server";
import { formatCents } from "~/lib/money";
import { RiskBadge } from "~/components/RiskBadge";
import { ParetoChart } from "~/components/ParetoChart";

// Reads only materialised rows (SkuMetrics) and the sync bookkeeping: no Admin API call and no
// planning happens while the page loads.
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const [overview, sync, shopRow] = await Promise.all([getShopOverview(shop), describeSyncForMerchant(shop), getShop(shop)]);
  return { shop, shopName: shopRow?.name || shop, overview, sync };
}

const POLL_MS = 1500;

function isRunning(sync: MerchantSyncView): boolean {
  return Boolean(sync.run && !["succeeded", "failed"].includes(sync.run.status));
}

/** Queued for a worker (PostgreSQL deployments) and not started yet. */
function isWaiting(sync: MerchantSyncView): boolean {
  return sync.queued !== null && !isRunning(sync);
}

/**
 * The sync card: "Sync now" posts to app.sync; while a run is in flight its status is polled from
 * app.sync (GET) and drives the progress bar; when the run ends the page's figures are reloaded,
 * since the run has materialised new rows.
 */
function SyncCard({ initial }: { initial: MerchantSyncView }) {
  const syncNow = useFetcher<{ runId?: string }>();
  const poll = useFetcher<MerchantSyncView>();
  const revalidator = useRevalidator();
  const shown = poll.data ?? initial;
  const running = isRunning(shown);
  const waiting = isWaiting(shown);
  const { load } = poll;
  useEffect(() => {
    if (!(running || waiting) || poll.state !== "idle") return;
    const timer = setTimeout(() => load("/app/sync"), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, waiting, poll.state, poll.data, load]);
  useEffect(() => {
    if (syncNow.state === "idle" && syncNow.data) load("/app/sync");
  }, [syncNow.state, syncNow.data, load]);
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) revalidator.revalidate();
    wasRunning.current = running;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- revalidator changes identity each render
  }, [running]);
  const run = shown.run;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Sales sync
          </Text>
          <syncNow.Form method="post" action="/app/sync">
            <Button submit loading={syncNow.state !== "idle"} disabled={running || waiting || syncNow.state !== "idle"}>
              Sync now
            </Button>
          </syncNow.Form>
        </InlineStack>
        {waiting && shown.queued && (
          <Text as="p">
            {shown.queued.retrying
              ? "The sync hit a temporary problem and will try again in a few minutes."
              : `Sync queued at ${new Date(shown.queued.since).toLocaleTimeString("en-US", { timeStyle: "short" })}: it starts as soon as a sync slot is free.`}
          </Text>
        )}
        {run ? (
          <BlockStack gap="200">
            <Text as="p">
              {run.status === "succeeded"
                ? `Last synced ${new Date(run.finishedAt ?? run.startedAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}`
                : run.status === "failed"
                  ? "The last sync failed"
                  : `Syncing (${run.kind === "backfill" ? "full history" : "recent orders"})…`}
            </Text>
            {isRunning(shown) && <ProgressBar progress={run.progressPct} size="small" ariaLabelledBy="sync-progress-label" />}
            {isRunning(shown) && (
              <Text as="p" id="sync-progress-label" variant="bodySm" tone="subdued">
                {Math.round(run.progressPct)}% · {run.objectsRead.toLocaleString("en-US")} records read
              </Text>
            )}
            {run.errorMessage && (
              <Banner tone="critical" title="The last sync failed">
                <p>{run.errorMessage}</p>
              </Banner>
            )}
          </BlockStack>
        ) : (
          <Text as="p">No sync has run yet. The first one reads up to 18 months of orders.</Text>
        )}
      </BlockStack>
    </Card>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {hint}
        </Text>
      </BlockStack>
    </Card>
  );
}

export const meta: MetaFunction = () => [{ title: "Overview · Backstop" }];

export default function Overview() {
  const { shopName, overview, sync } = useLoaderData<typeof loader>();
  const money = (cents: number) => formatCents(cents, overview.currencyCode);
  const isEmpty = overview.skuCount === 0;

  return (
    <Page title="Overview" subtitle={shopName}>
      <Layout>
        {sync.historyLimited && (
          <Layout.Section>
            <Banner tone="warning" title="Only the last 60 days of orders are available">
              <p>
                Backstop has not been granted access to older orders (read_all_orders), so velocity and revenue reliance
                use 60 days of history. Ask Shopify for all-orders access to plan on a full year.
              </p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <SyncCard initial={sync} />
        </Layout.Section>
        {isEmpty ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="Your plan appears after the first sync" image="" action={{ content: "Add a supplier", url: "/app/suppliers" }}>
                <List type="number">
                  <List.Item>Backstop reads your orders and stock (the first sync can take a few minutes).</List.Item>
                  <List.Item>It ranks every SKU by how much revenue a 30-day stockout would cost you.</List.Item>
                  <List.Item>Add your suppliers and their lead times so it can recommend a primary and backup split.</List.Item>
                </List>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                <Figure label="Revenue at risk" value={money(overview.revenueAtRiskCents)} hint="30 days of sales of SKUs likely to stock out" />
                <Figure label="SKUs at high or critical risk" value={overview.atRiskSkuCount.toLocaleString("en-US")} hint={`of ${overview.skuCount.toLocaleString("en-US")} SKUs`} />
                <Figure label="Need a backup, have none" value={overview.needsBackupCount.toLocaleString("en-US")} hint="High-priority SKUs with a single source" />
                <Figure
                  label="Cash tied in stock"
                  value={money(overview.cashInStockCents)}
                  hint={overview.variantsWithoutCost > 0 ? `${overview.variantsWithoutCost} SKUs have no unit cost` : "Available units at unit cost"}
                />
              </InlineGrid>
            </Layout.Section>
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Where redundancy pays
                    </Text>
                    <Link to="/app/skus?sort=priority">See all SKUs by priority</Link>
                  </InlineStack>
                  {overview.priorities.length === 0 ? (
                    <Text as="p">Every high-priority SKU already has a qualified backup.</Text>
                  ) : (
                    <BlockStack gap="300">
                      {overview.priorities.map((sku) => (
                        <Box key={sku.variantId} paddingBlockEnd="300" borderBlockEndWidth="025" borderColor="border-secondary">
                          <BlockStack gap="150">
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="span" variant="bodySm" tone="subdued">
                                #{sku.rank}
                              </Text>
                              <Link to={`/app/skus/${sku.variantId}`}>
                                <Text as="span" variant="headingSm">
                                  {sku.title}
                                </Text>
                              </Link>
                              <RiskBadge level={sku.riskLevel} />
                              <Text as="span" variant="bodySm">
                                {money(sku.revenueAtRiskCents)} at risk in a 30-day stockout
                              </Text>
                            </InlineStack>
                            {sku.reasons.length > 0 && (
                              <List>
                                {sku.reasons.map((reason) => (
                                  <List.Item key={reason.code}>{reason.text}</List.Item>
                                ))}
                              </List>
                            )}
                            <InlineStack>
                              <Button url={addBackupPath(sku)} accessibilityLabel={`Add a backup supplier for ${sku.title}`}>
                                Add a backup
                              </Button>
                            </InlineStack>
                          </BlockStack>
                        </Box>
                      ))}
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Revenue concentration
                  </Text>
                  <Text as="p" tone="subdued">
                    Share of revenue carried by your top SKUs, in rank order.
                  </Text>
                  <ParetoChart points={overview.pareto} skuCount={overview.skuCount} />
                </BlockStack>
              </Card>
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
