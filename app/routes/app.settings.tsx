import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { requireMerchant } from "~/shopify.server";
import { fieldErrorsOf } from "~/models/form-fields";
import { SettingsInput, type SettingsField } from "~/models/settings.schema";
import { getSettings, isReplanning, replanShopInBackground, updateSettings } from "~/models/settings.server";
import { showToast } from "~/lib/app-bridge";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const settings = await getSettings(shop);
  const values = Object.fromEntries(DIALS.flatMap((group) => group.dials).map((dial) => [dial.name, String(settings[dial.name])])) as Record<SettingsField, string>;
  return { values, isReplanning: isReplanning(shop) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const parsed = SettingsInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), saved: false as const }, { status: 422 });
  const { changedPlanningFields } = await updateSettings(shop, parsed.data);
  // Re-planning a whole shop takes seconds for 10,000 SKUs: it runs after the response (not
  // awaited) and the page says recommendations are being recalculated.
  if (changedPlanningFields.length > 0) void replanShopInBackground(shop);
  return { errors: {} as Record<string, string>, saved: true as const, replanning: changedPlanningFields.length > 0 };
}

interface Dial {
  name: SettingsField;
  label: string;
  suffix?: string;
  step?: string;
  help: string;
}

/** Every dial with a plain explanation of what turning it does. */
const DIALS: Array<{ title: string; intro: string; dials: Dial[] }> = [
  {
    title: "Stock safety",
    intro: "How much protection against running out you want to pay for.",
    dials: [
      {
        name: "serviceLevelPct",
        label: "Service level",
        suffix: "%",
        step: "0.1",
        help: "The chance of not running out before the next delivery arrives. Higher means more safety stock and more cash tied up: 95% is a common choice, 99% roughly doubles the buffer.",
      },
    ],
  },
  {
    title: "Splitting volume between suppliers",
    intro: "How orders are shared between a primary supplier and its backups.",
    dials: [
      { name: "baselinePrimaryPct", label: "Default primary share", suffix: "%", help: "The primary's share while it performs well; the backup gets the rest to stay warm." },
      { name: "unhealthyPrimaryPct", label: "Primary share when the primary struggles", suffix: "%", help: "The share the primary drops to after repeated late deliveries or defects." },
      { name: "minBackupPct", label: "Smallest backup share", suffix: "%", help: "A qualified backup never gets less than this, so it keeps your product in production." },
      { name: "lateStreakPos", label: "Late purchase orders before shifting", suffix: "orders", help: "After this many late deliveries in a row, volume moves toward the backup. The same number of on-time deliveries moves it back one step." },
      { name: "shiftStepPct", label: "Shift size", suffix: "percentage points", help: "How much volume moves to the backup each time the late streak is reached." },
      { name: "maxShiftPct", label: "Largest total shift", suffix: "percentage points", help: "The most volume that can move away from the primary this way." },
      { name: "lateGraceDays", label: "Grace period", suffix: "days", help: "A delivery this many days after its promised date still counts as on time." },
      { name: "defectThresholdPct", label: "Defect threshold", suffix: "%", step: "0.1", help: "If more than this share of a primary's units arrive defective, new volume goes to the backup." },
      { name: "costImprovementPct", label: "Cost improvement threshold", suffix: "%", step: "0.1", help: "A backup whose cost per good unit is at least this much lower may be offered more volume." },
    ],
  },
  {
    title: "Cash",
    intro: "What holding stock costs you, so plans can weigh safety against cash.",
    dials: [
      { name: "workingCapitalRatePct", label: "Working-capital rate", suffix: "% a year", step: "0.1", help: "Your yearly cost of money tied up in stock: interest plus storage and the risk it goes unsold. 20–30% is typical." },
      { name: "depositPct", label: "Deposit", suffix: "%", step: "0.1", help: "Share of a purchase order paid when you place it, for suppliers without their own terms." },
      { name: "paymentTermsDays", label: "Payment terms", suffix: "days", help: "Days after shipment until the balance is due, for suppliers without their own terms." },
    ],
  },
  {
    title: "Sync",
    intro: "When Backstop reads your orders.",
    dials: [{ name: "syncHourLocal", label: "Daily sync hour", suffix: "h (shop time, 0–23)", help: "Orders are read once a day at this hour of your shop's time zone. Pick a quiet hour." }],
  },
];

export default function Settings() {
  const { values: initial, isReplanning: replanningOnLoad } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [values, setValues] = useState(initial);
  const errors: Record<string, string> = actionData?.errors ?? {};
  // Only judged when no save is under way: between the action's answer and the reloaded values
  // the form still differs from the old ones, and "unsaved" would flash beside "Settings saved".
  const isDirty = navigation.state === "idle" && (Object.keys(initial) as SettingsField[]).some((key) => values[key] !== initial[key]);

  // Fresh values from the server (after a save) replace the form's, adjusted while rendering.
  const [valuesFrom, setValuesFrom] = useState(initial);
  if (valuesFrom !== initial) {
    setValuesFrom(initial);
    setValues(initial);
  }
  useEffect(() => {
    if (actionData?.saved) showToast(actionData.replanning ? "Settings saved. Recommendations are being recalculated." : "Settings saved.");
  }, [actionData]);

  return (
    <Page title="Settings" subtitle="The dials behind every recommendation. Changing one recalculates the plan for every SKU.">
      {/* data-save-bar: inside Shopify admin, App Bridge shows its contextual save bar while the form has unsaved changes. */}
      <Form method="post" data-save-bar>
        <Layout>
          {(actionData?.saved || replanningOnLoad) && (
            <Layout.Section>
              <Banner tone="success" title={actionData?.saved ? "Settings saved" : "Recalculating"}>
                <p>
                  {actionData?.saved && !actionData.replanning
                    ? "Nothing that affects recommendations changed."
                    : "Recommendations are being recalculated with the new settings; reload a page in a few seconds to see them."}
                </p>
              </Banner>
            </Layout.Section>
          )}
          {Object.keys(errors).length > 0 && (
            <Layout.Section>
              <Banner tone="critical" title="Nothing was saved">
                <p>Fix the fields marked below, then save again.</p>
              </Banner>
            </Layout.Section>
          )}
          {DIALS.map((group) => (
            <Layout.AnnotatedSection key={group.title} title={group.title} description={group.intro}>
              <Card>
                <FormLayout>
                  {group.dials.map((dial) => (
                    <TextField
                      key={dial.name}
                      label={dial.label}
                      name={dial.name}
                      type="number"
                      step={dial.step ? Number(dial.step) : 1}
                      suffix={dial.suffix}
                      value={values[dial.name]}
                      onChange={(value) => setValues((current) => ({ ...current, [dial.name]: value }))}
                      helpText={dial.help}
                      error={errors[dial.name]}
                      autoComplete="off"
                    />
                  ))}
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
          ))}
          <Layout.Section>
            <BlockStack gap="200">
              <InlineStack align="end" gap="200">
                {isDirty && (
                  <Text as="span" tone="subdued">
                    You have unsaved changes.
                  </Text>
                )}
                <Button onClick={() => setValues(initial)} disabled={!isDirty}>
                  Discard
                </Button>
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
