import { LineChart } from "@shopify/polaris-viz";
import { ChartFrame } from "./ChartFrame";

export interface ParetoChartPoint {
  rank: number;
  cumulativeSharePct: number;
}

/** Cumulative share of revenue by SKU rank: how few SKUs carry most of the shop. */
export function ParetoChart({ points, skuCount }: { points: ParetoChartPoint[]; skuCount: number }) {
  const at80 = points.find((p) => p.cumulativeSharePct >= 80);
  const summary = at80
    ? `The top ${at80.rank} of ${skuCount} SKUs bring in 80% of revenue.`
    : `Cumulative revenue share across ${skuCount} SKUs.`;
  return (
    <ChartFrame heightPx={240} summary={summary}>
      {() => (
        <LineChart
          data={[{ name: "Share of revenue (%)", data: points.map((p) => ({ key: `#${p.rank}`, value: Math.round(p.cumulativeSharePct * 10) / 10 })) }]}
          xAxisOptions={{ labelFormatter: (value) => String(value ?? "") }}
          yAxisOptions={{ labelFormatter: (value) => `${value ?? ""}%` }}
          isAnimated={false}
        />
      )}
    </ChartFrame>
  );
}
