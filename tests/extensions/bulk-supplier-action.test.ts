/// <reference types="@shopify/ui-extensions/admin.product-index.selection-action.render" />
import { getExtension } from "@shopify/ui-extensions-tester";
import { fireEvent, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BulkSupplierOptions, BulkSupplierResponse, ExtensionBulkSummary } from "../../app/models/extension-api";
import { createAppBackend, localeTranslator, screenText, type Translator } from "./admin-host";

const extension = getExtension("admin.product-index.selection-action.render", { configSearchDir: "extensions/bulk-supplier-action" });
const ENDPOINT = "/api/extensions/bulk-supplier";
const SELECTED = ["gid://shopify/Product/7001", "gid://shopify/Product/7002", "gid://shopify/Product/7003"];

let backend: ReturnType<typeof createAppBackend>;
let translator: Translator;
let close: ReturnType<typeof vi.fn<() => void>>;

const SUPPLIERS: BulkSupplierOptions["suppliers"] = [
  { id: "sup-acme", name: "Acme Metalworks" },
  { id: "sup-bolt", name: "Bolt & Co" },
  { id: "sup-cedar", name: "Cedar Lighting" },
];

const summary = (fields: Partial<ExtensionBulkSummary> = {}): ExtensionBulkSummary => ({
  description: "Set Acme Metalworks as primary on 3 SKUs with a 70/30 split",
  selectedCount: 5,
  changeCount: 3,
  skippedCount: 2,
  changes: [
    { variantId: "11", label: "Lamp 7001 – Brass (LAMP-11)", summary: "Acme Metalworks becomes the primary (100%); split 100% → 70% primary, 30% backup" },
    { variantId: "12", label: "Lamp 7001 – Chrome (LAMP-12)", summary: "Acme Metalworks becomes the primary (100%)" },
  ],
  skipReasons: [{ reason: "Acme Metalworks is already the primary", count: 2, examples: ["Lamp 7003 – Brass (LAMP-31)", "Lamp 7003 – Steel (LAMP-32)"] }],
  ...fields,
});

const posts = () => backend.requests.filter((r) => r.method === "POST");
const primaryButton = () => document.querySelector('s-button[slot="primary-action"]');
const supplierList = () => document.querySelector<HTMLElementTagNameMap["s-choice-list"]>('s-choice-list[name="supplierId"]');
const roleList = () => document.querySelector<HTMLElementTagNameMap["s-choice-list"]>('s-choice-list[name="role"]');
const splitField = () => document.querySelector<HTMLElementTagNameMap["s-number-field"]>('s-number-field[name="primaryPct"]');

function pickSupplier(id: string) {
  const list = supplierList();
  if (!list) throw new Error("no supplier list on screen");
  list.values = [id];
  fireEvent.change(list);
}

function pickRole(role: "primary" | "backup") {
  const list = roleList();
  if (!list) throw new Error("no role list on screen");
  list.values = [role];
  fireEvent.change(list);
}

function typeSplit(value: string) {
  const field = splitField();
  if (!field) throw new Error("no split field on screen");
  field.value = value;
  fireEvent.input(field);
}

function search(text: string) {
  const field = document.querySelector("s-search-field");
  if (!field) throw new Error("no search field on screen");
  field.value = text;
  fireEvent.input(field);
}

async function renderLoaded() {
  await extension.render();
  await waitFor(() => expect(supplierList()).not.toBeNull());
}

beforeEach(() => {
  extension.setUp();
  backend = createAppBackend();
  extension.fetch = backend.fetch;
  translator = localeTranslator("bulk-supplier-action");
  extension.shopify.i18n.translate = translator.translate;
  extension.shopify.data.selected = SELECTED.map((id) => ({ id }));
  close = vi.fn<() => void>();
  extension.shopify.close = close;
  backend.on("GET", ENDPOINT, () => ({ status: 200, body: { suppliers: SUPPLIERS, undo: null } satisfies BulkSupplierOptions }));
});

afterEach(() => {
  expect(translator.missingKeys).toEqual([]);
  extension.tearDown();
});

describe("choosing a supplier", () => {
  it("loads the shop's suppliers from the app, without naming the shop or handling a token itself", async () => {
    await renderLoaded();
    expect(document.querySelector("s-admin-action")?.getAttribute("heading")).toBe("Set a supplier for 3 products");
    expect([...document.querySelectorAll('s-choice-list[name="supplierId"] s-choice')].map((c) => c.textContent)).toEqual(SUPPLIERS.map((s) => s.name));
    expect(backend.requests).toHaveLength(1);
    const [load] = backend.requests;
    expect(load).toMatchObject({ method: "GET", path: ENDPOINT, body: undefined });
    expect([...load.query.keys()]).toEqual([]);
    // Shopify admin adds the session token to the request; the extension must not.
    expect(load.headers.has("Authorization")).toBe(false);
  });

  it("narrows the supplier list as the merchant types, and says when nothing matches", async () => {
    await renderLoaded();
    search("cedar");
    await waitFor(() => expect([...document.querySelectorAll('s-choice-list[name="supplierId"] s-choice')].map((c) => c.textContent)).toEqual(["Cedar Lighting"]));
    search("zinc");
    await waitFor(() => expect(screenText()).toContain("No supplier matches “zinc”."));
  });

  it("keeps long lists short and says how to find the rest", async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, name: `Factory ${String(i).padStart(2, "0")}` }));
    backend.on("GET", ENDPOINT, () => ({ status: 200, body: { suppliers: many, undo: null } }));
    await renderLoaded();
    expect(document.querySelectorAll('s-choice-list[name="supplierId"] s-choice')).toHaveLength(25);
    expect(screenText()).toContain("Showing 25 of 40 suppliers: type to narrow the list.");
  });

  it("sends a shop without suppliers to Backstop to add one first", async () => {
    backend.on("GET", ENDPOINT, () => ({ status: 200, body: { suppliers: [], undo: null } }));
    await extension.render();
    await waitFor(() => expect(screenText()).toContain("You have no suppliers in Backstop yet."));
    expect(document.querySelector("s-link")?.getAttribute("href")).toBe("app:app/suppliers/new");
    expect(primaryButton()?.hasAttribute("disabled")).toBe(true);
  });

  it("says when Backstop cannot be reached, and tries again on request", async () => {
    backend.on("GET", ENDPOINT, () => "network-error");
    await extension.render();
    await waitFor(() => expect(document.querySelector('s-banner[tone="critical"]')?.getAttribute("heading")).toBe("Backstop could not load your suppliers"));
    expect(screenText()).toContain("Backstop could not be reached. Check your connection and try again.");
    backend.on("GET", ENDPOINT, () => ({ status: 200, body: { suppliers: SUPPLIERS, undo: null } }));
    const retry = [...document.querySelectorAll("s-button")].find((b) => b.textContent === "Try again");
    fireEvent.click(retry!);
    await waitFor(() => expect(supplierList()).not.toBeNull());
    expect(document.querySelector("s-banner")).toBeNull();
  });
});

describe("preview", () => {
  it("sends the selected products, supplier, role and split, then shows what changes and what is skipped and why", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 200, body: { intent: "preview", productCount: 3, unsyncedProductCount: 0, summary: summary() } satisfies BulkSupplierResponse }));
    await renderLoaded();
    pickSupplier("sup-acme");
    pickRole("primary");
    typeSplit("70");
    fireEvent.click(primaryButton()!);

    await waitFor(() => expect(screenText()).toContain("3 variants will change"));
    expect(posts().map((r) => r.body)).toEqual([{ intent: "preview", productIds: SELECTED, role: "primary", supplierId: "sup-acme", primaryPct: 70 }]);
    expect(screenText()).toContain("2 skipped because Acme Metalworks is already the primary. For example: Lamp 7003 – Brass (LAMP-31), Lamp 7003 – Steel (LAMP-32).");
    expect([...document.querySelectorAll("s-list-item")].map((item) => item.textContent)).toEqual([
      "Lamp 7001 – Brass (LAMP-11): Acme Metalworks becomes the primary (100%); split 100% → 70% primary, 30% backup",
      "Lamp 7001 – Chrome (LAMP-12): Acme Metalworks becomes the primary (100%)",
    ]);
    expect(screenText()).toContain("…and 1 more.");
    expect(primaryButton()?.textContent).toBe("Apply to 3 variants");
  });

  it("sends no split when the field is empty (each variant keeps its split), and backup by default", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 200, body: { intent: "preview", productCount: 3, unsyncedProductCount: 1, summary: summary() } }));
    await renderLoaded();
    pickSupplier("sup-bolt");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0].body).toEqual({ intent: "preview", productIds: SELECTED, role: "backup", supplierId: "sup-bolt", primaryPct: null });
    await waitFor(() => expect(screenText()).toContain("1 selected product is not in Backstop yet and is left out."));
  });

  it("sends a split that is not a number as typed, so the app's validation names the problem, and shows it by the field", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 422, body: { errors: { primaryPct: "Primary share must be a number" } } }));
    await renderLoaded();
    pickSupplier("sup-acme");
    typeSplit("seventy");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(splitField()?.getAttribute("error")).toBe("Primary share must be a number"));
    expect(posts()[0].body).toMatchObject({ primaryPct: "seventy" });
    expect(primaryButton()?.textContent).toBe("Preview changes");
  });

  it("shows a missing supplier next to the supplier list", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 422, body: { errors: { supplierId: "Choose a supplier" } } }));
    await renderLoaded();
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(supplierList()?.getAttribute("error")).toBe("Choose a supplier"));
  });

  it("asks for a new preview after any change to the form", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 200, body: { intent: "preview", productCount: 3, unsyncedProductCount: 0, summary: summary() } }));
    await renderLoaded();
    pickSupplier("sup-acme");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(primaryButton()?.textContent).toBe("Apply to 3 variants"));
    pickRole("primary");
    await waitFor(() => expect(primaryButton()?.textContent).toBe("Preview changes"));
    expect(screenText()).not.toContain("variants will change");
  });

  it("says when none of the selected products are in Backstop (404) and that nothing changed", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 404, body: { errors: { form: "None of the selected products are in Backstop yet: they appear after the next sync." } } }));
    await renderLoaded();
    pickSupplier("sup-acme");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(document.querySelector('s-banner[tone="critical"]')?.getAttribute("heading")).toBe("Nothing was changed"));
    expect(screenText()).toContain("None of the selected products are in Backstop yet");
  });

  it("tells the merchant to reopen the action when the session expired (401)", async () => {
    backend.on("POST", ENDPOINT, () => ({ status: 401 }));
    await renderLoaded();
    pickSupplier("sup-acme");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(screenText()).toContain("Your session expired. Close this window and open the action again."));
  });
});

describe("apply and undo", () => {
  async function previewThenApply(applied: BulkSupplierResponse) {
    backend.on("POST", ENDPOINT, ({ body }) => {
      const intent = (body as { intent: string }).intent;
      if (intent === "preview") return { status: 200, body: { intent: "preview", productCount: 3, unsyncedProductCount: 0, summary: summary() } };
      if (intent === "apply") return { status: 200, body: applied };
      return { status: 200, body: { intent: "undo", description: summary().description } };
    });
    await renderLoaded();
    pickSupplier("sup-acme");
    pickRole("primary");
    typeSplit("70");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(primaryButton()?.textContent).toBe("Apply to 3 variants"));
    fireEvent.click(primaryButton()!);
  }

  it("applies the previewed change and shows the result with a link into Backstop", async () => {
    await previewThenApply({ intent: "apply", productCount: 3, unsyncedProductCount: 0, summary: summary(), replannedInline: true });
    await waitFor(() => expect(document.querySelector('s-banner[tone="success"]')?.getAttribute("heading")).toBe("Set Acme Metalworks as primary on 3 SKUs with a 70/30 split"));
    expect(posts().map((r) => r.body)).toEqual([
      { intent: "preview", productIds: SELECTED, role: "primary", supplierId: "sup-acme", primaryPct: 70 },
      { intent: "apply", productIds: SELECTED, role: "primary", supplierId: "sup-acme", primaryPct: 70 },
    ]);
    expect(screenText()).toContain("3 variants changed. 2 skipped.");
    expect(screenText()).not.toContain("being recalculated");
    const link = [...document.querySelectorAll("s-link")].find((l) => l.textContent === "Open assignments in Backstop");
    expect(link?.getAttribute("href")).toBe("app:app/assignments?supplierId=sup-acme");
    expect(primaryButton()?.textContent).toBe("Done");
    expect(close).not.toHaveBeenCalled();
    fireEvent.click(primaryButton()!);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it("says when recommendations are recalculated after the response (large changes)", async () => {
    await previewThenApply({ intent: "apply", productCount: 3, unsyncedProductCount: 0, summary: summary(), replannedInline: false });
    await waitFor(() => expect(screenText()).toContain("Recommendations are being recalculated."));
  });

  it("undoes the change it just applied", async () => {
    await previewThenApply({ intent: "apply", productCount: 3, unsyncedProductCount: 0, summary: summary(), replannedInline: true });
    await waitFor(() => expect(screenText()).toContain("3 variants changed."));
    const undo = [...document.querySelectorAll("s-button")].find((b) => b.textContent === "Undo");
    fireEvent.click(undo!);
    await waitFor(() => expect(document.querySelector('s-banner[tone="info"]')?.getAttribute("heading")).toBe("Undone: Set Acme Metalworks as primary on 3 SKUs with a 70/30 split"));
    expect(posts().at(-1)?.body).toEqual({ intent: "undo" });
    expect([...document.querySelectorAll("s-button")].some((b) => b.textContent === "Undo")).toBe(false);
  });

  it("shows why an undo was refused (409)", async () => {
    await previewThenApply({ intent: "apply", productCount: 3, unsyncedProductCount: 0, summary: summary(), replannedInline: true });
    await waitFor(() => expect(screenText()).toContain("3 variants changed."));
    backend.on("POST", ENDPOINT, () => ({ status: 409, body: { errors: { form: "There is no change to undo: each change can be undone once." } } }));
    fireEvent.click([...document.querySelectorAll("s-button")].find((b) => b.textContent === "Undo")!);
    await waitFor(() => expect(screenText()).toContain("There is no change to undo: each change can be undone once."));
  });

  it("offers nothing to apply when no variant would change", async () => {
    backend.on("POST", ENDPOINT, () => ({
      status: 200,
      body: { intent: "preview", productCount: 3, unsyncedProductCount: 0, summary: summary({ changeCount: 0, skippedCount: 5, changes: [] }) },
    }));
    await renderLoaded();
    pickSupplier("sup-acme");
    fireEvent.click(primaryButton()!);
    await waitFor(() => expect(screenText()).toContain("No variant would change."));
    expect(primaryButton()?.hasAttribute("disabled")).toBe(true);
  });
});
