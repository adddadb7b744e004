import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { gotoHydrated } from "./browser";

/**
 * Steps a merchant repeats across journeys, done the way they would do them: through the pages,
 * by accessible role and label. The flows share one demo database, so every supplier a test
 * creates gets a name no other test (or earlier run against the same server) can collide with.
 */

/** "Bulk Primary 3f9a1c": a readable name that is unique in this database. */
export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(3).toString("hex")}`;
}

/** Fills the new-supplier form and waits for the supplier's page; returns that page's path. */
export async function createSupplier(page: Page, origin: string, name: string, options: { region?: string; leadTimeDays?: number } = {}): Promise<string> {
  await gotoHydrated(page, `${origin}/app/suppliers/new`);
  await page.getByRole("heading", { name: "New supplier", exact: true }).waitFor();
  await page.getByRole("textbox", { name: /^Name\*?$/ }).fill(name);
  if (options.region) await page.getByLabel("Region").fill(options.region);
  if (options.leadTimeDays !== undefined) await page.getByLabel("Default lead time").fill(String(options.leadTimeDays));
  await page.getByRole("button", { name: "Create supplier" }).click();
  await page.waitForURL(/\/app\/suppliers\/(?!new$)[^/?]+$/);
  await page.getByRole("heading", { name, exact: true }).waitFor();
  return new URL(page.url()).pathname;
}

/** The assignments table narrowed by its search (the URL keeps the query, as the page does). */
export async function openAssignments(page: Page, origin: string, query: string): Promise<void> {
  await gotoHydrated(page, `${origin}/app/assignments?query=${encodeURIComponent(query)}`);
  await page.getByRole("heading", { name: "Assignments", exact: true }).waitFor();
  await assignmentRows(page).first().waitFor();
}

/** The table's SKU rows (IndexTable keeps a sticky copy of the header, never of the body). */
export function assignmentRows(page: Page): Locator {
  return page.locator("tbody tr");
}

/** The row of one SKU, found by its title as the table shows it ("Product – Variant"). */
export function assignmentRow(page: Page, title: string): Locator {
  return assignmentRows(page).filter({ has: page.getByText(title, { exact: true }) });
}

/** Ticks or unticks one row's box, named after its SKU. */
export async function toggleSku(page: Page, title: string): Promise<void> {
  const box = page.getByRole("checkbox", { name: `Select ${title}`, exact: true });
  const wasChecked = await box.isChecked();
  await box.click();
  await (wasChecked ? box.and(page.locator(":not(:checked)")) : box.and(page.locator(":checked"))).waitFor();
}

/** Ticks the header box: every SKU the table shows. */
export async function selectAllShown(page: Page): Promise<void> {
  await page.getByRole("checkbox", { name: "Select all SKUs", exact: true }).first().click();
  await page.getByText(/^\d+ selected$/).waitFor();
}

export interface BulkChange {
  /** The "Change" choice, e.g. "Set the primary supplier". */
  change: string;
  supplier: string;
  /** "Qualification stage" for a new backup (the form's default is Qualified). */
  stage?: string;
}

/**
 * Opens the bulk-change dialog for the ticked SKUs, fills it and asks for a preview. Returns the
 * dialog with its preview showing; the caller reads it and applies (or cancels).
 */
export async function previewBulkChange(page: Page, skuCount: number, change: BulkChange): Promise<Locator> {
  const label = `Change suppliers of ${skuCount} SKU${skuCount === 1 ? "" : "s"}`;
  await page.getByRole("button", { name: label, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: label });
  await dialog.waitFor();
  await dialog.getByLabel("Change", { exact: true }).selectOption({ label: change.change });
  await dialog.getByLabel("Supplier", { exact: true }).selectOption({ label: change.supplier });
  if (change.stage) await dialog.getByLabel("Qualification stage").selectOption({ label: change.stage });
  await dialog.getByRole("button", { name: "Preview", exact: true }).click();
  await dialog.getByRole("heading", { name: /SKUs? will change/ }).waitFor();
  return dialog;
}

/** Applies a previewed bulk change and waits for the page to report it. */
export async function applyBulkChange(page: Page, dialog: Locator, changeCount: number): Promise<void> {
  await dialog.getByRole("button", { name: `Apply to ${changeCount} SKU${changeCount === 1 ? "" : "s"}`, exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
  await page.getByText(/^Last change: /).waitFor();
}

/** Opens a SKU's page from the SKU list's search, as a merchant looking it up would. */
export async function openSku(page: Page, origin: string, sku: { code: string; title: string }): Promise<void> {
  await gotoHydrated(page, `${origin}/app/skus?q=${encodeURIComponent(sku.code)}`);
  await page.getByRole("link", { name: new RegExp(`^${escapeRegExp(sku.title)}`) }).first().click();
  await page.getByRole("heading", { name: "Recommended split" }).waitFor();
}

export interface Recommendation {
  /** The "Recommended" bar's shares of the next order, whole percent (after MOQ and unit rounding). */
  primaryPct: number;
  backupPct: number;
  /** The headline sentence under the bars. */
  explanation: string;
}

/** The SKU page's recommended split and its one-sentence reason, as the merchant reads them. */
export async function readRecommendation(page: Page): Promise<Recommendation> {
  const bar = (await page.getByText(/^Recommended: /).textContent()) ?? "";
  const shares = /^Recommended: (\d+)% primary \/ (\d+)% backup$/.exec(bar);
  if (!shares) throw new Error(`the SKU page shows no recommended split ("${bar}")`);
  const explanation = (await page.getByRole("heading", { name: "Recommended split" }).locator("xpath=following::p[1]").textContent()) ?? "";
  return { primaryPct: Number(shares[1]), backupPct: Number(shares[2]), explanation: explanation.trim() };
}

/**
 * Reloads the page until `check` holds, as a merchant told "reload in a few seconds" would (a
 * settings change re-plans the shop after the response). Returns whether it ever held.
 */
export async function reloadUntil(page: Page, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(500);
    await page.reload();
  }
  return true;
}

/** Reloads the SKU page until its recommendation passes `check`; returns the last one read. */
export async function reloadUntilRecommendation(page: Page, check: (current: Recommendation) => boolean): Promise<Recommendation> {
  let current = await readRecommendation(page);
  await reloadUntil(page, async () => {
    await page.getByRole("heading", { name: "Recommended split" }).waitFor();
    current = await readRecommendation(page);
    return check(current);
  });
  return current;
}

/** yyyy-mm-dd `days` after `day` (negative: before). */
function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface PastPurchaseOrder {
  reference: string;
  units: number;
  /** Days before the shop's today (the form's default "Placed on"). */
  placedDaysAgo: number;
  promisedDaysAgo: number;
  receivedDaysAgo: number;
}

/**
 * On a supplier's page: records a purchase order ("New purchase order" → "Save purchase
 * order"), then its delivery ("Receive" → "Record delivery"). Dates are counted back from the
 * shop's today, which the form offers as the default order date.
 */
export async function recordPurchaseOrder(page: Page, po: PastPurchaseOrder): Promise<void> {
  await page.getByRole("button", { name: "New purchase order", exact: true }).click();
  const create = page.getByRole("dialog", { name: "New purchase order" });
  await create.waitFor();
  const today = await create.getByLabel("Placed on").inputValue();
  await create.getByLabel("Reference").fill(po.reference);
  await create.getByLabel("Units ordered").fill(String(po.units));
  await create.getByLabel("Placed on").fill(shiftDay(today, -po.placedDaysAgo));
  await create.getByLabel("Promised delivery").fill(shiftDay(today, -po.promisedDaysAgo));
  await create.getByRole("button", { name: "Save purchase order", exact: true }).click();
  await create.waitFor({ state: "hidden" });

  await page.getByRole("button", { name: `Receive order ${po.reference}`, exact: true }).click();
  const receive = page.getByRole("dialog", { name: "Receive purchase order" });
  await receive.waitFor();
  await receive.getByLabel("Received on").fill(shiftDay(today, -po.receivedDaysAgo));
  await receive.getByRole("button", { name: "Record delivery", exact: true }).click();
  await receive.waitFor({ state: "hidden" });
  await page.getByRole("button", { name: `Correct receipt of order ${po.reference}`, exact: true }).waitFor();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The assignments CSV's header, as the page's template has it. */
export const ASSIGNMENTS_CSV_HEADER = "sku,variant_id,product,supplier,role,stage,allocation_pct,lead_time_days,moq_units,landed_cost,capacity_units_per_month";
/** The purchase-order CSV's header, as the supplier page lists its columns. */
export const PURCHASE_ORDERS_CSV_HEADER = "sku,reference,is_pilot,ordered_units,placed_on,promised_on,landed_cost,received_on,received_units,defective_units";

/** A temp folder for the CSV files a test hands to the browser's file picker. */
export class CsvFolder {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-e2e-csv-"));

  /** Writes the file as a spreadsheet would save it (CRLF line ends); returns its path. */
  write(name: string, header: string, lines: string[]): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, `${[header, ...lines].join("\r\n")}\r\n`);
    return file;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Chooses a file in the picker labelled `label` and presses that form's "Check and import". */
export async function importCsv(page: Page, label: string | RegExp, file: string): Promise<void> {
  const input = page.getByLabel(label, { exact: typeof label === "string" });
  await input.setInputFiles(file);
  await input.locator("xpath=ancestor::form[1]").getByRole("button", { name: "Check and import", exact: true }).click();
}

/** yyyy-mm-dd, `daysAgo` days before now (UTC; for dates far enough back that the shop's zone does not matter). */
export function dayAgo(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
