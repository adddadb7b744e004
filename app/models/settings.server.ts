import db from "~/db.server";
import { logger } from "~/lib/logger.server";
import type { SettingsInput } from "./settings.schema";
import { materialiseShopMetrics } from "./sku-metrics.server";

/** The shop's planning dials (created with defaults at install). */
export async function getSettings(shop: string) {
  return db.shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}

/** Fields whose change alters recommendations (the sync hour does not). */
const PLANNING_FIELDS: ReadonlyArray<keyof SettingsInput> = [
  "serviceLevelPct",
  "baselinePrimaryPct",
  "unhealthyPrimaryPct",
  "lateStreakPos",
  "shiftStepPct",
  "maxShiftPct",
  "minBackupPct",
  "lateGraceDays",
  "defectThresholdPct",
  "costImprovementPct",
  "workingCapitalRatePct",
  "depositPct",
  "paymentTermsDays",
];

/** Saves the dials; returns which planning fields changed (empty: recommendations stay as they are). */
export async function updateSettings(shop: string, input: SettingsInput): Promise<{ changedPlanningFields: string[] }> {
  const before = await getSettings(shop);
  await db.shopSettings.update({ where: { shop }, data: input });
  return { changedPlanningFields: PLANNING_FIELDS.filter((field) => before[field] !== input[field]) };
}

const replanning = new Map<string, Promise<unknown>>();

/**
 * Re-plans the whole shop after a settings change without holding the request: a 10,000-SKU
 * shop takes seconds, longer than a page should wait. A second save while one runs queues one
 * more run after it, so the last settings always win. Returns the run's promise (tests await it).
 */
export function replanShopInBackground(shop: string): Promise<unknown> {
  const previous = replanning.get(shop) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => materialiseShopMetrics(shop))
    .catch((error: unknown) => {
      logger.error("re-planning after a settings change failed", { shop, error: String(error) });
    })
    .finally(() => {
      if (replanning.get(shop) === run) replanning.delete(shop);
    });
  replanning.set(shop, run);
  return run;
}

/** True while a settings-triggered re-plan of the shop is running in this process. */
export function isReplanning(shop: string): boolean {
  return replanning.has(shop);
}

/** Resolves when the shop's pending settings re-plan (if any) has finished; for tests and scripts. */
export async function whenReplanned(shop: string): Promise<void> {
  await replanning.get(shop);
}
