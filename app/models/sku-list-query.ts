import { z } from "zod";

/**
 * The SKU list's view as URL search parameters, so a filtered, sorted view can be bookmarked and
 * shared. Browser-safe (no `.server`): the page builds links with `skuListSearch`, the loader reads
 * them with `parseSkuListQuery`. Unknown or malformed values fall back to the default instead of
 * failing: a stale bookmark should still open the list.
 */

export const SKU_SORT_KEYS = ["rank", "velocity", "revenueAtRisk", "cover", "risk", "priority"] as const;
export type SkuSortKey = (typeof SKU_SORT_KEYS)[number];

export const ABC_CLASSES = ["A", "B", "C"] as const;
export const RISK_LEVELS = ["critical", "high", "medium", "low"] as const;
export type RiskLevelName = (typeof RISK_LEVELS)[number];

/** Optional columns the merchant can show or hide (rank, product and risk are always shown). */
export const OPTIONAL_SKU_COLUMNS = ["velocity", "revenueAtRisk", "cover", "split", "abc", "vendor"] as const;
export type OptionalSkuColumn = (typeof OPTIONAL_SKU_COLUMNS)[number];
export const DEFAULT_SKU_COLUMNS: readonly OptionalSkuColumn[] = ["velocity", "revenueAtRisk", "cover", "split"];

export const SKU_PAGE_SIZE = 50;

export interface SkuListQuery {
  search: string;
  abcClasses: (typeof ABC_CLASSES)[number][];
  riskLevels: RiskLevelName[];
  /** null = either. */
  hasBackup: boolean | null;
  supplierId: string | null;
  vendor: string | null;
  productType: string | null;
  sort: SkuSortKey;
  direction: "asc" | "desc";
  /** Opaque keyset cursors (see sku-views.server.ts); at most one is set. */
  after: string | null;
  before: string | null;
  columns: OptionalSkuColumn[];
}

/** Natural direction per sort: rank ascending (1 first), everything else "worst first". */
export const DEFAULT_DIRECTION: Record<SkuSortKey, "asc" | "desc"> = {
  rank: "asc",
  velocity: "desc",
  revenueAtRisk: "desc",
  cover: "asc",
  risk: "desc",
  priority: "desc",
};

const listOf = <T extends string>(allowed: readonly T[]) =>
  z
    .string()
    .transform((raw) => raw.split(",").filter((part): part is T => (allowed as readonly string[]).includes(part)))
    .catch([]);

const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((value) => (value === "" ? null : value))
  .nullable()
  .catch(null);

const querySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  abc: listOf(ABC_CLASSES),
  risk: listOf(RISK_LEVELS),
  backup: z.enum(["yes", "no"]).nullable().catch(null),
  supplier: optionalText,
  vendor: optionalText,
  type: optionalText,
  sort: z.enum(SKU_SORT_KEYS).nullable().catch(null),
  dir: z.enum(["asc", "desc"]).nullable().catch(null),
  after: optionalText,
  before: optionalText,
  cols: z.string().nullable().catch(null),
});

export function parseSkuListQuery(params: URLSearchParams): SkuListQuery {
  const raw = Object.fromEntries(
    ["q", "abc", "risk", "backup", "supplier", "vendor", "type", "sort", "dir", "after", "before", "cols"].map((key) => [key, params.get(key) ?? (key === "q" || key === "abc" || key === "risk" ? "" : null)]),
  );
  const parsed = querySchema.parse(raw);
  const sort = parsed.sort ?? "rank";
  const columns =
    parsed.cols === null
      ? [...DEFAULT_SKU_COLUMNS]
      : parsed.cols.split(",").filter((c): c is OptionalSkuColumn => (OPTIONAL_SKU_COLUMNS as readonly string[]).includes(c));
  return {
    search: parsed.q,
    abcClasses: [...new Set(parsed.abc)],
    riskLevels: [...new Set(parsed.risk)],
    hasBackup: parsed.backup === null ? null : parsed.backup === "yes",
    supplierId: parsed.supplier,
    vendor: parsed.vendor,
    productType: parsed.type,
    sort,
    direction: parsed.dir ?? DEFAULT_DIRECTION[sort],
    after: parsed.before ? null : parsed.after,
    before: parsed.before,
    columns,
  };
}

/** The search string for a view; default values are left out so URLs stay short. */
export function skuListSearch(query: SkuListQuery): string {
  const params = new URLSearchParams();
  if (query.search) params.set("q", query.search);
  if (query.abcClasses.length > 0) params.set("abc", query.abcClasses.join(","));
  if (query.riskLevels.length > 0) params.set("risk", query.riskLevels.join(","));
  if (query.hasBackup !== null) params.set("backup", query.hasBackup ? "yes" : "no");
  if (query.supplierId) params.set("supplier", query.supplierId);
  if (query.vendor) params.set("vendor", query.vendor);
  if (query.productType) params.set("type", query.productType);
  if (query.sort !== "rank") params.set("sort", query.sort);
  if (query.direction !== DEFAULT_DIRECTION[query.sort]) params.set("dir", query.direction);
  if (query.after) params.set("after", query.after);
  if (query.before) params.set("before", query.before);
  const sameColumns = query.columns.length === DEFAULT_SKU_COLUMNS.length && DEFAULT_SKU_COLUMNS.every((c) => query.columns.includes(c));
  if (!sameColumns) params.set("cols", query.columns.join(","));
  const text = params.toString();
  return text ? `?${text}` : "";
}
