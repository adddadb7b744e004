/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.product-index.selection-action.render";
import type { BulkSupplierOptions, BulkSupplierRequestBody, BulkSupplierResponse, ExtensionBulkSummary } from "../../../app/models/extension-api";
import { backstopLink, getFromApp, postToApp, type AppResult } from "../../shared/app-api";

/**
 * The product index's "Set supplier in Backstop" action: the merchant picks a supplier
 * (searchable), a role and optionally a split for the selected products, previews what changes
 * and what is skipped and why, applies, and can undo or open Backstop. Every rule lives in the
 * app (the in-app bulk edit's models); this only collects the choice and shows the answers.
 */

export const BULK_SUPPLIER_ENDPOINT = "/api/extensions/bulk-supplier";
/** Suppliers listed at once; the search narrows longer lists. */
export const MAX_LISTED_SUPPLIERS = 25;

type Role = "primary" | "backup";
type ChangeResult = Extract<BulkSupplierResponse, { intent: "preview" | "apply" }>;
type Busy = "preview" | "apply" | "undo" | null;

export function BulkSupplierAction({ api }: { api: Api }) {
  const t = api.i18n.translate;
  const productIds = api.data.selected.map((resource) => resource.id);

  const [options, setOptions] = useState<AppResult<BulkSupplierOptions> | null>(null);
  const [query, setQuery] = useState("");
  const [supplierId, setSupplierId] = useState("");
  const [role, setRole] = useState<Role>("backup");
  const [primaryPct, setPrimaryPct] = useState("");
  // A preview counts only for the form it was made from: every edit bumps the version.
  const [formVersion, setFormVersion] = useState(0);
  const [preview, setPreview] = useState<{ version: number; result: ChangeResult } | null>(null);
  const [applied, setApplied] = useState<ChangeResult | null>(null);
  const [undone, setUndone] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadAttempt, setLoadAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    void getFromApp<BulkSupplierOptions>(BULK_SUPPLIER_ENDPOINT).then((result) => {
      if (current) setOptions(result);
    });
    return () => {
      current = false;
    };
  }, [loadAttempt]);

  const edit = (apply: () => void) => {
    apply();
    setFormVersion((v) => v + 1);
    setErrors({});
  };

  const requestBody = (intent: "preview" | "apply"): BulkSupplierRequestBody => {
    const typed = primaryPct.trim();
    // A number is sent as one; anything else as typed, so the app's validation names the problem.
    const pct = typed === "" ? null : Number.isFinite(Number(typed)) ? Number(typed) : typed;
    return { intent, productIds, role, supplierId, primaryPct: pct };
  };

  const failureMessage = (result: { status: number; errors: Record<string, string> }): Record<string, string> => {
    if (result.status === 0) return { form: t("errors.offline") };
    if (result.status === 401) return { form: t("errors.session") };
    return Object.keys(result.errors).length > 0 ? result.errors : { form: t("errors.unexpected", { status: result.status }) };
  };

  const send = async (intent: "preview" | "apply") => {
    const version = formVersion;
    setBusy(intent);
    const result = await postToApp<BulkSupplierResponse>(BULK_SUPPLIER_ENDPOINT, requestBody(intent));
    setBusy(null);
    if (!result.ok) {
      setErrors(failureMessage(result));
      return;
    }
    if (result.data.intent === "undo") return;
    if (intent === "preview") setPreview({ version, result: result.data });
    else setApplied(result.data);
  };

  const undo = async () => {
    setBusy("undo");
    const result = await postToApp<BulkSupplierResponse>(BULK_SUPPLIER_ENDPOINT, { intent: "undo" } satisfies BulkSupplierRequestBody);
    setBusy(null);
    if (!result.ok) setErrors(failureMessage(result));
    else if (result.data.intent === "undo") setUndone(result.data.description);
  };

  const loading = options === null;
  const suppliers = options?.ok ? options.data.suppliers : [];
  const freshPreview = preview && preview.version === formVersion ? preview.result : null;

  let primaryAction;
  if (applied) {
    primaryAction = (
      <s-button slot="primary-action" variant="primary" onClick={() => api.close()}>
        {t("done")}
      </s-button>
    );
  } else if (freshPreview && freshPreview.summary.changeCount > 0) {
    primaryAction = (
      <s-button slot="primary-action" variant="primary" loading={busy === "apply"} onClick={() => void send("apply")}>
        {t("apply", { count: freshPreview.summary.changeCount })}
      </s-button>
    );
  } else {
    primaryAction = (
      <s-button
        slot="primary-action"
        variant="primary"
        loading={busy === "preview"}
        disabled={loading || !options?.ok || suppliers.length === 0 || (freshPreview !== null && freshPreview.summary.changeCount === 0)}
        onClick={() => void send("preview")}
      >
        {t("preview.button")}
      </s-button>
    );
  }

  return (
    <s-admin-action heading={t("heading", { count: productIds.length })} loading={loading}>
      {errors.form && (
        <s-banner tone="critical" heading={t("errors.heading")}>
          <s-paragraph>{errors.form}</s-paragraph>
        </s-banner>
      )}
      {options && !options.ok && (
        <s-stack gap="base">
          <s-banner tone="critical" heading={t("errors.loadHeading")}>
            <s-paragraph>{failureMessage(options).form ?? t("errors.offline")}</s-paragraph>
          </s-banner>
          <s-button onClick={() => setLoadAttempt((n) => n + 1)}>{t("retry")}</s-button>
        </s-stack>
      )}
      {options?.ok && applied ? (
        <AppliedSummary api={api} result={applied} supplierId={supplierId} undone={undone} undoBusy={busy === "undo"} onUndo={() => void undo()} />
      ) : null}
      {options?.ok && !applied ? (
        suppliers.length === 0 ? (
          <s-stack gap="base">
            <s-paragraph>{t("supplier.noneYet")}</s-paragraph>
            <s-link href={backstopLink("app/suppliers/new")}>{t("supplier.create")}</s-link>
          </s-stack>
        ) : (
          <s-stack gap="base">
            <SupplierPicker
              api={api}
              suppliers={suppliers}
              query={query}
              supplierId={supplierId}
              error={errors.supplierId}
              onQuery={setQuery}
              onPick={(id) => edit(() => setSupplierId(id))}
            />
            <s-choice-list
              label={t("role.label")}
              name="role"
              values={[role]}
              error={errors.role}
              onChange={(event) => edit(() => setRole(event.currentTarget.values[0] === "primary" ? "primary" : "backup"))}
            >
              <s-choice value="backup" selected={role === "backup"}>
                {t("role.backup")}
                <s-text slot="details">{t("role.backupDetails")}</s-text>
              </s-choice>
              <s-choice value="primary" selected={role === "primary"}>
                {t("role.primary")}
                <s-text slot="details">{t("role.primaryDetails")}</s-text>
              </s-choice>
            </s-choice-list>
            <s-number-field
              label={t("split.label")}
              name="primaryPct"
              value={primaryPct}
              min={0}
              max={100}
              step={1}
              suffix="%"
              details={t("split.details")}
              error={errors.primaryPct}
              onInput={(event) => edit(() => setPrimaryPct(event.currentTarget.value))}
            />
            {freshPreview && <PreviewSummary api={api} result={freshPreview} />}
          </s-stack>
        )
      ) : null}
      {primaryAction}
      {!applied && (
        <s-button slot="secondary-actions" onClick={() => api.close()}>
          {t("cancel")}
        </s-button>
      )}
    </s-admin-action>
  );
}

function SupplierPicker(props: {
  api: Api;
  suppliers: BulkSupplierOptions["suppliers"];
  query: string;
  supplierId: string;
  error: string | undefined;
  onQuery: (query: string) => void;
  onPick: (supplierId: string) => void;
}) {
  const t = props.api.i18n.translate;
  const needle = props.query.trim().toLowerCase();
  const matching = needle ? props.suppliers.filter((s) => s.name.toLowerCase().includes(needle)) : props.suppliers;
  const listed = matching.slice(0, MAX_LISTED_SUPPLIERS);
  // The chosen supplier stays visible (and chosen) while the merchant searches for another.
  const chosen = props.suppliers.find((s) => s.id === props.supplierId);
  if (chosen && !listed.includes(chosen)) listed.unshift(chosen);
  return (
    <s-stack gap="small-200">
      <s-search-field label={t("supplier.search")} placeholder={t("supplier.searchPlaceholder")} value={props.query} onInput={(event) => props.onQuery(event.currentTarget.value)} />
      {matching.length === 0 && <s-text tone="caution">{t("supplier.noMatch", { query: props.query.trim() })}</s-text>}
      <s-choice-list
        label={t("supplier.label")}
        name="supplierId"
        values={props.supplierId ? [props.supplierId] : []}
        error={props.error}
        onChange={(event) => props.onPick(event.currentTarget.values[0] ?? "")}
      >
        {listed.map((supplier) => (
          <s-choice key={supplier.id} value={supplier.id} selected={supplier.id === props.supplierId}>
            {supplier.name}
          </s-choice>
        ))}
      </s-choice-list>
      {matching.length > MAX_LISTED_SUPPLIERS && <s-text color="subdued">{t("supplier.more", { shown: MAX_LISTED_SUPPLIERS, total: matching.length })}</s-text>}
    </s-stack>
  );
}

function ChangeList({ api, summary }: { api: Api; summary: ExtensionBulkSummary }) {
  const t = api.i18n.translate;
  return (
    <s-stack gap="small-200">
      {summary.skipReasons.map((skip) => (
        <s-paragraph key={skip.reason}>
          {t("preview.skipped", { count: skip.count, reason: skip.reason })} {t("preview.examples", { examples: skip.examples.join(", ") })}
        </s-paragraph>
      ))}
      {summary.changes.length > 0 && (
        <s-unordered-list>
          {summary.changes.map((change) => (
            <s-list-item key={change.variantId}>{t("preview.change", { label: change.label, summary: change.summary })}</s-list-item>
          ))}
        </s-unordered-list>
      )}
      {summary.changeCount > summary.changes.length && <s-text color="subdued">{t("preview.more", { count: summary.changeCount - summary.changes.length })}</s-text>}
    </s-stack>
  );
}

function PreviewSummary({ api, result }: { api: Api; result: ChangeResult }) {
  const t = api.i18n.translate;
  const { summary } = result;
  return (
    <s-section heading={t("preview.heading")}>
      <s-stack gap="small-200">
        <s-text type="strong">{summary.changeCount > 0 ? t("preview.changes", { count: summary.changeCount }) : t("preview.nothing")}</s-text>
        {result.unsyncedProductCount > 0 && <s-text color="subdued">{t("preview.unsynced", { count: result.unsyncedProductCount })}</s-text>}
        <ChangeList api={api} summary={summary} />
      </s-stack>
    </s-section>
  );
}

function AppliedSummary(props: { api: Api; result: ChangeResult; supplierId: string; undone: string | null; undoBusy: boolean; onUndo: () => void }) {
  const t = props.api.i18n.translate;
  const { summary } = props.result;
  return (
    <s-stack gap="base">
      {props.undone === null ? (
        <s-banner tone="success" heading={summary.description}>
          <s-paragraph>
            {t("result.changed", { count: summary.changeCount })}
            {summary.skippedCount > 0 ? ` ${t("result.skipped", { count: summary.skippedCount })}` : ""}
            {props.result.replannedInline === false ? ` ${t("result.replanning")}` : ""}
          </s-paragraph>
        </s-banner>
      ) : (
        <s-banner tone="info" heading={t("result.undone", { description: props.undone })} />
      )}
      {props.undone === null && <ChangeList api={props.api} summary={summary} />}
      <s-stack direction="inline" gap="base" alignItems="center">
        <s-link href={backstopLink("app/assignments", { supplierId: props.supplierId })}>{t("result.open")}</s-link>
        {props.undone === null && (
          <s-button loading={props.undoBusy} onClick={props.onUndo}>
            {t("result.undo")}
          </s-button>
        )}
      </s-stack>
    </s-stack>
  );
}
