/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.product-details.block.render";
import type { RiskLevelName, SupplyBlockResponse, SupplyVariant } from "../../../app/models/extension-api";
import { backstopLink, getFromApp, type AppResult } from "../../shared/app-api";

/**
 * Backstop's card on Shopify's product page: per variant (riskiest first), the stockout risk,
 * days of cover against the lead time, the primary and backup suppliers, and the recommended
 * split with its reason, each linking to the SKU's page in Backstop. A product Backstop has not
 * synced, has no sales for yet, or has no suppliers for gets an empty state saying so.
 */

export const SUPPLY_BLOCK_ENDPOINT = "/api/extensions/supply-block";
/** Variants shown in the card (it starts at 300 px tall); the rest are one link away. */
export const MAX_SHOWN_VARIANTS = 5;

const RISK_TONE: Record<RiskLevelName, "critical" | "warning" | "caution" | "success"> = {
  critical: "critical",
  high: "warning",
  medium: "caution",
  low: "success",
};

type Translate = Api["i18n"]["translate"];

export function SupplyBlock({ api }: { api: Api }) {
  const t = api.i18n.translate;
  const productId = api.data.selected[0]?.id ?? "";
  const [result, setResult] = useState<AppResult<SupplyBlockResponse> | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setResult(null);
    void getFromApp<SupplyBlockResponse>(`${SUPPLY_BLOCK_ENDPOINT}?${new URLSearchParams({ productId }).toString()}`).then((answer) => {
      if (current) setResult(answer);
    });
    return () => {
      current = false;
    };
  }, [productId, attempt]);

  return (
    <s-admin-block heading={t("heading")} collapsedSummary={result?.ok ? collapsedSummary(t, result.data) : undefined}>
      <BlockBody t={t} result={result} onRetry={() => setAttempt((n) => n + 1)} />
    </s-admin-block>
  );
}

/** The line shown while the card is collapsed: the worst risk among the variants. */
function collapsedSummary(t: Translate, supply: SupplyBlockResponse): string | undefined {
  const worst = supply.variants[0]?.riskLevel;
  return supply.hasSales && worst ? t(`risk.${worst}`) : undefined;
}

function BlockBody({ t, result, onRetry }: { t: Translate; result: AppResult<SupplyBlockResponse> | null; onRetry: () => void }) {
  if (result === null) {
    return (
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-spinner accessibilityLabel={t("loading")} />
        <s-text color="subdued">{t("loading")}</s-text>
      </s-stack>
    );
  }
  if (!result.ok && result.status === 404) {
    return <EmptyState heading={t("empty.notSynced.heading")} body={t("empty.notSynced.body")} />;
  }
  if (!result.ok) {
    return (
      <s-stack gap="small-200">
        <s-banner tone="critical" heading={t("error.heading")}>
          <s-paragraph>{result.status === 401 ? t("error.session") : t("error.body")}</s-paragraph>
        </s-banner>
        <s-button onClick={onRetry}>{t("retry")}</s-button>
      </s-stack>
    );
  }
  const supply = result.data;
  const productLink = backstopLink("app/skus", { q: supply.productTitle });
  if (!supply.hasSales) {
    return <EmptyState heading={t("empty.noSales.heading")} body={t("empty.noSales.body")} link={{ href: productLink, label: t("openProduct") }} />;
  }
  if (!supply.hasSuppliers) {
    return (
      <EmptyState
        heading={t("empty.noSuppliers.heading")}
        body={t("empty.noSuppliers.body")}
        link={{ href: backstopLink("app/assignments", { query: supply.productTitle }), label: t("empty.noSuppliers.action") }}
      />
    );
  }
  const shown = supply.variants.slice(0, MAX_SHOWN_VARIANTS);
  const hidden = supply.variants.length - shown.length;
  return (
    <s-stack gap="base">
      {shown.map((variant, index) => (
        <VariantSupply key={variant.variantId} t={t} variant={variant} divider={index > 0} />
      ))}
      {hidden > 0 && <s-link href={productLink}>{t("moreVariants", { count: hidden })}</s-link>}
    </s-stack>
  );
}

function EmptyState(props: { heading: string; body: string; link?: { href: string; label: string } }) {
  return (
    <s-stack gap="small-200">
      <s-heading>{props.heading}</s-heading>
      <s-paragraph color="subdued">{props.body}</s-paragraph>
      {props.link && <s-link href={props.link.href}>{props.link.label}</s-link>}
    </s-stack>
  );
}

function days(t: Translate, value: number): string {
  return t("days", { count: Math.round(value) });
}

function coverLine(t: Translate, variant: SupplyVariant): string {
  const leadTime = variant.leadTimeDays === null ? t("unknown") : days(t, variant.leadTimeDays);
  const lead = variant.leadTimeAssumed ? t("assumedLeadTime", { leadTime }) : leadTime;
  if (!variant.hasSales || variant.daysOfCover === null) return t("coverNoDemand", { leadTime: lead });
  return t("cover", { cover: days(t, variant.daysOfCover), leadTime: lead });
}

function suppliersLine(t: Translate, variant: SupplyVariant): string {
  const primary = variant.primary ? t("primary", { name: variant.primary.name, pct: variant.primary.allocationPct }) : t("noPrimary");
  const backups =
    variant.backups.length > 0
      ? t("backups", { names: variant.backups.map((b) => t("supplierShare", { name: b.name, pct: b.allocationPct })).join(", ") })
      : t("noBackup");
  return `${primary} · ${backups}`;
}

function splitLine(t: Translate, variant: SupplyVariant): string | null {
  const split = variant.recommendedSplit;
  if (!split) return null;
  return t(`recommended.${split.action}`, { primary: split.primaryPct, backup: split.backupPct });
}

function VariantSupply({ t, variant, divider }: { t: Translate; variant: SupplyVariant; divider: boolean }) {
  const split = splitLine(t, variant);
  return (
    <s-stack gap="small-200">
      {divider && <s-divider />}
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-text type="strong">{variant.title}</s-text>
        {variant.sku && <s-text color="subdued">{variant.sku}</s-text>}
        {variant.riskLevel ? <s-badge tone={RISK_TONE[variant.riskLevel]}>{t(`risk.${variant.riskLevel}`)}</s-badge> : <s-badge tone="neutral">{t("risk.unplanned")}</s-badge>}
      </s-stack>
      <s-text>{coverLine(t, variant)}</s-text>
      <s-text>{suppliersLine(t, variant)}</s-text>
      {split && (
        <s-paragraph>
          <s-text type="strong">{split}</s-text> {variant.recommendedSplit?.reason}
        </s-paragraph>
      )}
      <s-link href={backstopLink(`app/skus/${variant.variantId}`)}>{t("openSku")}</s-link>
    </s-stack>
  );
}
