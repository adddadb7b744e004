import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { LineChart } from "@shopify/polaris-viz";
import { ChartFrame } from "~/components/ChartFrame";
import { formatCents } from "~/lib/money";

export interface ScorecardView {
  poCount: number;
  receivedCount: number;
  openPastDueCount: number;
  usesPrior: boolean;
  promisedLeadTimeDays: number | null;
  observedLeadTimeDays: number | null;
  onTimeRate: number;
  observedOnTimeRate: number | null;
  lateStreak: number;
  defectRate: number | null;
  landedCostPerGoodUnitCents: number | null;
  points: Array<{ purchaseOrderId: string; reference: string; placedOn: string; promisedLeadTimeDays: number; actualLeadTimeDays: number | null; costPerGoodUnitCents: number | null }>;
}

const pct = (share: number | null) => (share === null ? "No data yet" : `${(share * 100).toFixed(1)}%`);
const days = (value: number | null) => (value === null ? "No data yet" : `${value.toFixed(1)} days`);

function Figure({ label, value, help }: { label: string; value: string; help: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg" numeric>
        {value}
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {help}
      </Text>
    </BlockStack>
  );
}

/** On-time rate, defect rate, lead time promised vs actual and cost per good unit, with their trends. */
export function Scorecard({ scorecard, currencyCode }: { scorecard: ScorecardView; currencyCode: string }) {
  const received = scorecard.points.filter((p) => p.actualLeadTimeDays !== null);
  const costed = scorecard.points.filter((p) => p.costPerGoodUnitCents !== null);
  const label = (p: ScorecardView["points"][number]) => p.reference || p.placedOn;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Scorecard
        </Text>
        {scorecard.poCount === 0 ? (
          <Text as="p" tone="subdued">
            No purchase orders yet. Record them below and this scorecard fills in: lead times, on-time rate, defects and cost per good unit.
          </Text>
        ) : (
          <>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              <Figure
                label="On time"
                value={pct(scorecard.observedOnTimeRate)}
                help={`${scorecard.receivedCount} of ${scorecard.poCount} orders received${scorecard.lateStreak > 0 ? `; the last ${scorecard.lateStreak} late` : ""}${scorecard.openPastDueCount > 0 ? `; ${scorecard.openPastDueCount} open past due` : ""}.`}
              />
              <Figure label="Defect rate" value={pct(scorecard.defectRate)} help="Defective units as a share of units received." />
              <Figure
                label="Lead time: promised → actual"
                value={`${days(scorecard.promisedLeadTimeDays)} → ${days(scorecard.observedLeadTimeDays)}`}
                help={scorecard.usesPrior ? "Fewer than 5 deliveries: planning still leans on the quoted lead time." : "Planning uses the actual lead times."}
              />
              <Figure
                label="Cost per good unit"
                value={scorecard.landedCostPerGoodUnitCents === null ? "No data yet" : formatCents(scorecard.landedCostPerGoodUnitCents, currencyCode)}
                help="Landed cost spread over the units that were not defective."
              />
            </InlineGrid>
            {received.length > 0 && (
              <ChartFrame heightPx={220} summary={`Lead time per order, promised vs actual, over ${received.length} received orders.`}>
                {() => (
                  <LineChart
                    isAnimated={false}
                    data={[
                      { name: "Promised lead time (days)", data: received.map((p) => ({ key: label(p), value: p.promisedLeadTimeDays })) },
                      { name: "Actual lead time (days)", data: received.map((p) => ({ key: label(p), value: p.actualLeadTimeDays })) },
                    ]}
                  />
                )}
              </ChartFrame>
            )}
            {costed.length > 0 && (
              <ChartFrame heightPx={200} summary={`Landed cost per good unit over ${costed.length} orders.`}>
                {() => (
                  <LineChart
                    isAnimated={false}
                    data={[{ name: `Cost per good unit (${currencyCode})`, data: costed.map((p) => ({ key: label(p), value: (p.costPerGoodUnitCents ?? 0) / 100 })) }]}
                  />
                )}
              </ChartFrame>
            )}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
