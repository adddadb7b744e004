import { InlineStack, Text } from "@shopify/polaris";

/**
 * Primary vs backup share as a two-part bar with the numbers written out (screen readers and
 * printouts get the text; the bar is decoration).
 */
export function SplitBar({ primaryPct, label }: { primaryPct: number | null; label?: string }) {
  if (primaryPct === null) {
    return (
      <Text as="span" tone="subdued">
        {label ? `${label}: no supplier` : "No supplier"}
      </Text>
    );
  }
  const primary = Math.max(0, Math.min(100, Math.round(primaryPct)));
  const text = `${primary}% primary / ${100 - primary}% backup`;
  return (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      <span
        aria-hidden="true"
        style={{ display: "inline-flex", width: 64, height: 8, borderRadius: 4, overflow: "hidden", background: "var(--p-color-bg-fill-tertiary)" }}
      >
        <span style={{ width: `${primary}%`, background: "var(--p-color-bg-fill-info-active)" }} />
        <span style={{ width: `${100 - primary}%`, background: "var(--p-color-bg-fill-success)" }} />
      </span>
      <Text as="span" variant="bodySm">
        {label ? `${label}: ${text}` : text}
      </Text>
    </InlineStack>
  );
}
