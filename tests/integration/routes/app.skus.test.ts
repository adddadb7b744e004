import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase, db } from "../../setup/db";
import { loader as skuListLoader } from "~/routes/app.skus._index";
import { parseSkuListQuery, skuListSearch } from "~/models/sku-list-query";
import { callRoute, installPlannedShop } from "./helpers";

type ListData = Awaited<ReturnType<typeof skuListLoader>>;

const ALPHA = "alpha.myshopify.com";
const BRAVO = "bravo.myshopify.com";
let alpha: Awaited<ReturnType<typeof installPlannedShop>>;

async function list(query: string, shop = ALPHA) {
  const result = await callRoute<ListData>(skuListLoader, shop, `/app/skus${query}`);
  expect(result.status).toBe(200);
  return result.data;
}

beforeAll(async () => {
  await resetDatabase();
  alpha = await installPlannedShop(ALPHA, 130);
  await installPlannedShop(BRAVO, 20, 99);
});

describe("SKU list loader", () => {
  it("pages through every SKU of the shop once, in rank order, with next and previous cursors", async () => {
    const seen: number[] = [];
    let page = await list("");
    expect(page.page.totalCount).toBe(130);
    expect(page.page.previousCursor).toBeNull();
    const firstPageIds = page.page.rows.map((r) => r.variantId);
    for (;;) {
      seen.push(...page.page.rows.map((r) => r.rank));
      if (!page.page.nextCursor) break;
      page = await list(`?after=${page.page.nextCursor}`);
    }
    expect(seen).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));

    const second = await list(`?after=${(await list("")).page.nextCursor}`);
    expect(second.page.previousCursor).not.toBeNull();
    const back = await list(`?before=${second.page.previousCursor}`);
    expect(back.page.rows.map((r) => r.variantId)).toEqual(firstPageIds);
    expect(back.page.previousCursor).toBeNull();
  });

  it("filters to high risk and shows only high-risk rows, counting exactly those", async () => {
    const expected = await db.skuMetrics.count({ where: { shop: ALPHA, riskLevel: "high" } });
    expect(expected).toBeGreaterThan(0);
    const page = await list("?risk=high");
    expect(page.page.totalCount).toBe(expected);
    expect(page.page.rows.length).toBe(Math.min(expected, 50));
    expect(page.page.rows.every((r) => r.riskLevel === "high")).toBe(true);
  });

  it("combines filters: single-source SKUs of one vendor, class A", async () => {
    const page = await list("?backup=no&vendor=Acme&abc=A");
    const expected = await db.skuMetrics.findMany({ where: { shop: ALPHA, hasBackup: false, abcClass: "A" }, select: { variantId: true } });
    const acme = new Set((await db.variant.findMany({ where: { shop: ALPHA, vendor: "Acme" }, select: { id: true } })).map((v) => v.id));
    const expectedIds = expected.map((r) => r.variantId).filter((id) => acme.has(id)).sort();
    expect(page.page.rows.map((r) => r.variantId).sort()).toEqual(expectedIds);
    expect(page.page.rows.every((r) => !r.hasBackup && r.abcClass === "A" && r.vendor === "Acme")).toBe(true);
  });

  it("filters by supplier through the SKU's assignments", async () => {
    const page = await list(`?supplier=${alpha.backupSupplierId}`);
    const assigned = await db.supplierAssignment.count({ where: { shop: ALPHA, supplierId: alpha.backupSupplierId } });
    expect(page.page.totalCount).toBe(assigned);
    // The fixture gives every fourth variant (even indexes 0, 4, 8…) the backup supplier.
    expect(page.page.rows.every((r) => (Number(r.variantId) - 100_000) % 4 === 0)).toBe(true);
  });

  it("searches product title, variant title and SKU case-insensitively", async () => {
    const bySku = await list("?q=sku-00007");
    expect(bySku.page.rows.map((r) => r.sku)).toEqual(["SKU-00007"]);
    const byTitle = await list("?q=PRODUCT 12 ");
    expect(byTitle.page.rows.map((r) => r.title).sort()).toEqual(["Product 12 – Blue", "Product 12 – Green"]);
    expect((await list("?q=100%25")).page.totalCount).toBe(0);
  });

  it("sorts server-side by velocity, descending by default, with a stable tiebreak across pages", async () => {
    const first = await list("?sort=velocity");
    const second = await list(`?sort=velocity&after=${first.page.nextCursor}`);
    const all = [...first.page.rows, ...second.page.rows].map((r) => r.unitsPerDay);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const ascending = await list("?sort=velocity&dir=asc");
    expect(ascending.page.rows[0].unitsPerDay).toBeLessThanOrEqual(ascending.page.rows[1].unitsPerDay);
  });

  it("sorts by cover with SKUs without demand last", async () => {
    const rows = [];
    let page = await list("?sort=cover");
    for (;;) {
      rows.push(...page.page.rows);
      if (!page.page.nextCursor) break;
      page = await list(`?sort=cover&after=${page.page.nextCursor}`);
    }
    expect(rows).toHaveLength(130);
    const covers = rows.map((r) => r.daysOfCover ?? Number.POSITIVE_INFINITY);
    expect(covers).toEqual([...covers].sort((a, b) => a - b));
  });

  it("never shows another shop's SKUs, even with its supplier id in the filter", async () => {
    const bravoIds = new Set((await db.skuMetrics.findMany({ where: { shop: BRAVO }, select: { variantId: true } })).map((r) => r.variantId));
    const page = await list("");
    expect((await list("", BRAVO)).page.totalCount).toBe(20);
    const bravoSupplier = await db.supplier.findFirstOrThrow({ where: { shop: BRAVO } });
    expect((await list(`?supplier=${bravoSupplier.id}`)).page.totalCount).toBe(0);
    // Both shops use the same variant ids (the fixture is deterministic): rows must still be alpha's.
    expect(bravoIds.size).toBe(20);
    expect(page.page.totalCount).toBe(130);
  });

  it("ignores a malformed cursor and bad filter values instead of failing", async () => {
    const page = await list("?after=not-a-cursor&risk=apocalyptic&sort=sideways");
    expect(page.page.rows[0].rank).toBe(1);
    expect(page.query.riskLevels).toEqual([]);
    expect(page.query.sort).toBe("rank");
  });

  it("offers the shop's suppliers, vendors and product types as filter choices", async () => {
    const page = await list("");
    expect(page.options.suppliers.map((s) => s.name)).toEqual(["Porto Fabrica", "Shenzhen Works"]);
    expect(page.options.vendors).toEqual(["Acme", "Birch", "Cobalt"]);
    expect(page.options.productTypes).toEqual(["Bags", "Lamps", "Mugs"]);
  });
});

describe("SKU list URL", () => {
  it("round-trips a view through the search string, leaving defaults out", () => {
    const query = parseSkuListQuery(new URLSearchParams("q=mug&risk=high,critical&backup=no&sort=velocity&cols=velocity,vendor"));
    expect(skuListSearch(query)).toBe("?q=mug&risk=high%2Ccritical&backup=no&sort=velocity&cols=velocity%2Cvendor");
    expect(parseSkuListQuery(new URLSearchParams(skuListSearch(query).slice(1)))).toEqual(query);
    expect(skuListSearch(parseSkuListQuery(new URLSearchParams()))).toBe("");
  });
});
