import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, launchBrowser, openPage } from "./support/browser";
import { ASSIGNMENTS_CSV_HEADER, CsvFolder, assignmentRow, assignmentRows, createSupplier, importCsv, openAssignments, uniqueName } from "./support/merchant";

// A merchant imports supplier assignments from a spreadsheet: the first file has a typo on one
// line, so nothing is saved and the page says which line; the fixed file imports and the page
// says what changed. This file owns the "Sling Bag" SKUs of the demo shop.
const origin = inject("appOrigin");
const FAMILY = "Sling Bag";
let browser: Browser;
let page: Page;
let csv: CsvFolder;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openPage(browser);
  csv = new CsvFolder();
});

afterAll(async () => {
  await browser?.close();
  csv?.remove();
});

/** Every Sling Bag row's supplier cell, by SKU title. */
async function supplierCells(): Promise<Record<string, string>> {
  const pairs = await assignmentRows(page).evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = tr.querySelectorAll("td");
      return [cells[1]?.querySelector("span")?.textContent?.trim() ?? "", cells[2]?.textContent ?? ""] as const;
    }),
  );
  return Object.fromEntries(pairs);
}

/** The undo banner's title, or null when nothing can be undone. */
async function lastChange(): Promise<string | null> {
  const banner = page.getByText(/^Last change: /);
  return (await banner.count()) === 0 ? null : banner.textContent();
}

/** The merchant's spreadsheet, saved as CSV, chosen in the import form. */
async function importFile(name: string, lines: string[]): Promise<void> {
  await importCsv(page, "CSV file", csv.write(name, ASSIGNMENTS_CSV_HEADER, lines));
}

describe("a merchant importing assignments from a CSV file", () => {
  const primary = uniqueName("Sling Sewing");
  const backup = uniqueName("Second Stitch");
  let before: Record<string, string> = {};
  const rows = (primaryName: string) => [
    `BLU-BAG-0016-NVY,,Harbor Sling Bag – Navy,${primary},primary,active,80,30,100,12.50,`,
    `BLU-BAG-0016-NVY,,Harbor Sling Bag – Navy,${backup},backup,qualified,20,21,50,13.10,400`,
    // The line the merchant gets wrong, then right: the supplier's name.
    `BLU-BAG-0016-SND,,Harbor Sling Bag – Sand,${primaryName},primary,active,100,30,,,`,
    `LUM-BAG-0012-FST,,Urban Sling Bag – Forest,${primary},primary,,100,35,,9.80,`,
  ];

  it("sees the bad line named and numbered, and nothing saved", async () => {
    await createSupplier(page, origin, primary, { region: "India", leadTimeDays: 30 });
    await createSupplier(page, origin, backup, { region: "Turkey", leadTimeDays: 21 });
    await openAssignments(page, origin, FAMILY);
    before = await supplierCells();
    // Another journey's change may be the one on offer to undo; a failed import must not replace it.
    const undoOffered = await lastChange();
    expect(Object.keys(before)).toHaveLength(8);
    expect(Object.values(before).every((cell) => cell.includes("No supplier"))).toBe(true);

    const typo = primary.replace("Sewing", "Sewnig");
    await importFile("assignments-typo.csv", rows(typo));
    const problems = page.getByRole("heading", { name: "Nothing was imported: 1 problem to fix" });
    await problems.waitFor();
    // Line 4 of the file: the header is line 1.
    await expect(page.getByText(`Line 4: no supplier named "${typo}"; create it on the Suppliers page first`).isVisible()).resolves.toBe(true);
    await expectAccessible(page, "assignments-import-error");

    // The valid lines of that file were not saved either: the table is as it was.
    await page.reload();
    await assignmentRows(page).first().waitFor();
    expect(await supplierCells()).toEqual(before);
    expect(await lastChange()).toBe(undoOffered);
  });

  it("fixes the line, imports again and reads what changed", async () => {
    await importFile("assignments-fixed.csv", rows(primary));
    await page.getByRole("heading", { name: "Import saved" }).waitFor();
    await expect(page.getByText("4 assignments added, 0 updated, 0 already up to date, on 3 SKUs.", { exact: false }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, "assignments-import-saved");

    await page.reload();
    await assignmentRows(page).first().waitFor();
    const navy = (await assignmentRow(page, "Harbor Sling Bag – Navy").textContent()) ?? "";
    expect(navy).toContain(`Primary${primary} · 80% · Active`);
    expect(navy).toContain(`Backup${backup} · 20% · Qualified`);
    expect(navy).toContain("A$13.10 per unit · 400 units/month");
    expect(await assignmentRow(page, "Harbor Sling Bag – Sand").textContent()).toContain(`Primary${primary} · 100% · Active`);
    expect(await assignmentRow(page, "Urban Sling Bag – Forest").textContent()).toContain(`Primary${primary} · 100% · Active`);
    // The SKUs the file did not name are untouched.
    const after = await supplierCells();
    for (const title of Object.keys(before).filter((t) => !["Harbor Sling Bag – Navy", "Harbor Sling Bag – Sand", "Urban Sling Bag – Forest"].includes(t))) {
      expect(after[title]).toEqual(before[title]);
    }
    await expect(page.getByText("Last change: Imported assignments: 4 added, 0 updated on 3 SKUs").isVisible()).resolves.toBe(true);
  });

  it("imports the same file again and is told nothing changed", async () => {
    await importFile("assignments-again.csv", rows(primary));
    await page.getByText("0 assignments added, 0 updated, 4 already up to date, on 0 SKUs.", { exact: false }).waitFor();
  });
});
