import { Badge } from "@shopify/polaris";

type Tone = "critical" | "warning" | "attention" | "success" | "info";

const TONE: Record<string, Tone> = { critical: "critical", high: "warning", medium: "attention", low: "success" };
const LABEL: Record<string, string> = { critical: "Critical risk", high: "High risk", medium: "Medium risk", low: "Low risk" };

/** Stockout risk level as a Polaris badge; the words carry the meaning, not only the colour. */
export function RiskBadge({ level }: { level: string }) {
  return <Badge tone={TONE[level] ?? "info"}>{LABEL[level] ?? level}</Badge>;
}
