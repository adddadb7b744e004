import { LineChart } from "@shopify/polaris-viz";
import { ChartFrame } from "./ChartFrame";

export interface VelocityChartDay {
  day: string;
  units: number;
  isStockout: boolean;
}

/**
 * Daily units sold, the forecast carried forward, and the out-of-stock days as their own series
 * (drawn at the day's sales so they sit on the line).
 */
export function VelocityChart({ sales, forecastUnitsPerDay, forecastDays }: { sales: VelocityChartDay[]; forecastUnitsPerDay: number | null; forecastDays: string[] }) {
  const stockoutCount = sales.filter((d) => d.isStockout).length;
  const total = sales.reduce((sum, d) => sum + d.units, 0);
  const summary =
    `${total} units sold over ${sales.length} days` +
    (stockoutCount > 0 ? `, ${stockoutCount} of them out of stock` : "") +
    (forecastUnitsPerDay !== null ? `; forecast ${forecastUnitsPerDay.toFixed(1)} units a day.` : ".");
  const keys = [...sales.map((d) => d.day), ...forecastDays];
  const forecast = forecastUnitsPerDay ?? 0;
  const series = [
    { name: "Units sold", data: keys.map((key, i) => ({ key, value: i < sales.length ? sales[i].units : null })) },
    { name: "Forecast", data: keys.map((key, i) => ({ key, value: i >= sales.length - 1 && forecastUnitsPerDay !== null ? Math.round(forecast * 10) / 10 : null })) },
    { name: "Out of stock", data: keys.map((key, i) => ({ key, value: i < sales.length && sales[i].isStockout ? sales[i].units : null })) },
  ];
  return (
    <ChartFrame heightPx={260} summary={summary}>
      {() => <LineChart data={series} isAnimated={false} xAxisOptions={{ labelFormatter: (value) => String(value ?? "").slice(5) }} />}
    </ChartFrame>
  );
}
