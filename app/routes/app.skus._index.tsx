import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useNavigation, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import {
  Badge,
  Button,
  Card,
  ChoiceList,
  EmptySearchResult,
  Filters,
  IndexTable,
  InlineStack,
  Page,
  Popover,
  Text,
  type IndexTableProps,
} from "@shopify/polaris";
import { useCallback, useRef, useState } from "react";
import { requireMerchant } from "~/shopify.server";
import { getSkuFilterOptions, listSkuPage, type SkuListRow } from "~/models/sku-views.server";
import {
  ABC_CLASSES,
  OPTIONAL_SKU_COLUMNS,
  parseSkuListQuery,
  RISK_LEVELS,
  skuListSearch,
  type OptionalSkuColumn,
  type SkuListQuery,
  type SkuSortKey,
} from "~/models/sku-list-query";
import { getShop } from "~/models/shop.server";
import { formatCents } from "~/lib/money";
import { RiskBadge } from "~/components/RiskBadge";
import { SplitBar } from "~/components/SplitBar";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const query = parseSkuListQuery(new URL(request.url).searchParams);
  const [page, options, shopRow] = await Promise.all([listSkuPage(shop, query), getSkuFilterOptions(shop), getShop(shop)]);
  return { query, page, options, currencyCode: shopRow?.currencyCode ?? "USD" };
}

interface Column {
  id: "rank" | "product" | "risk" | OptionalSkuColumn;
  title: string;
  sortKey?: SkuSortKey;
  alignment?: "start" | "end";
}

const COLUMN_TITLES: Record<OptionalSkuColumn, Omit<Column, "id">> = {
  velocity: { title: "Units/day", sortKey: "velocity", alignment: "end" },
  revenueAtRisk: { title: "Revenue at risk (30 days)", sortKey: "revenueAtRisk", alignment: "end" },
  cover: { title: "Cover vs lead time", sortKey: "cover", alignment: "end" },
  split: { title: "Split: current → recommended" },
  abc: { title: "ABC" },
  vendor: { title: "Vendor" },
};

/** Rank and product first, the figures, the risk badge that summarises them, then the rest. */
function columnsOf(query: SkuListQuery): Column[] {
  const optional = (ids: OptionalSkuColumn[]) => ids.filter((id) => query.columns.includes(id)).map((id) => ({ id, ...COLUMN_TITLES[id] }));
  return [
    { id: "rank", title: "Rank", sortKey: "rank", alignment: "end" },
    { id: "product", title: "Product" },
    ...optional(["velocity", "revenueAtRisk", "cover"]),
    { id: "risk", title: "Stockout risk", sortKey: "risk" },
    ...optional(["split", "abc", "vendor"]),
  ];
}

function coverText(row: SkuListRow): string {
  const cover = row.daysOfCover === null ? "no demand" : `${Math.round(row.daysOfCover)} d`;
  // No supplier on file: planning assumes a lead time, which the SKU page explains.
  const lead = row.leadTimeDays === null ? "no supplier" : `${Math.round(row.leadTimeDays)} d`;
  return `${cover} / ${lead}`;
}

function Cell({ column, row, currencyCode }: { column: Column; row: SkuListRow; currencyCode: string }) {
  switch (column.id) {
    case "rank":
      return <Text as="span" numeric>{row.rank}</Text>;
    case "product":
      return (
        <Link to={`/app/skus/${row.variantId}`}>
          <Text as="span" fontWeight="semibold">
            {row.title}
          </Text>
          {row.sku ? (
            <Text as="span" tone="subdued" variant="bodySm">
              {" "}· {row.sku}
            </Text>
          ) : null}
        </Link>
      );
    case "velocity":
      return <Text as="span" numeric>{row.unitsPerDay.toFixed(1)}</Text>;
    case "revenueAtRisk":
      return <Text as="span" numeric>{formatCents(row.revenueAtRiskCents, currencyCode)}</Text>;
    case "cover": {
      const short = row.daysOfCover !== null && row.leadTimeDays !== null && row.daysOfCover < row.leadTimeDays;
      return (
        <Text as="span" numeric tone={short ? "critical" : undefined}>
          {coverText(row)}
        </Text>
      );
    }
    case "risk":
      return (
        <InlineStack gap="100" wrap={false}>
          <RiskBadge level={row.riskLevel} />
          {!row.hasBackup && <Badge>Single source</Badge>}
        </InlineStack>
      );
    case "split":
      return (
        <InlineStack gap="200" wrap={false}>
          <SplitBar primaryPct={row.currentPrimaryPct} label="Now" />
          <SplitBar primaryPct={row.recommendedPrimaryPct} label="Recommended" />
        </InlineStack>
      );
    case "abc":
      return <Text as="span">{row.abcClass}</Text>;
    case "vendor":
      return <Text as="span">{row.vendor || "—"}</Text>;
  }
}

export const meta: MetaFunction = () => [{ title: "SKUs · Backstop" }];

export default function SkuList() {
  const { query, page, options, currencyCode } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const go = useCallback(
    (patch: Partial<SkuListQuery>) => navigate(skuListSearch({ ...query, after: null, before: null, ...patch }) || "?", { preventScrollReset: true }),
    [navigate, query],
  );

  // The search box updates the URL after a pause in typing, so each keystroke is not a request.
  const [searchText, setSearchText] = useState(query.search);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  // A new URL (back button, cleared filters) resets the box: state adjusted while rendering.
  const [searchInUrl, setSearchInUrl] = useState(query.search);
  if (searchInUrl !== query.search) {
    setSearchInUrl(query.search);
    setSearchText(query.search);
  }
  const onSearch = (value: string) => {
    setSearchText(value);
    if (pending.current) clearTimeout(pending.current);
    pending.current = setTimeout(() => go({ search: value.trim() }), 300);
  };

  const [columnsOpen, setColumnsOpen] = useState(false);
  const columns = columnsOf(query);
  const headings = columns.map((c) => ({ title: c.title, alignment: c.alignment })) as IndexTableProps["headings"];
  const sortIndex = columns.findIndex((c) => c.sortKey === query.sort);

  const filters = [
    {
      key: "risk",
      label: "Stockout risk",
      filter: (
        <ChoiceList title="Stockout risk" titleHidden allowMultiple choices={RISK_LEVELS.map((r) => ({ label: r[0].toUpperCase() + r.slice(1), value: r }))}
          selected={query.riskLevels} onChange={(value) => go({ riskLevels: value as SkuListQuery["riskLevels"] })} />
      ),
      pinned: true,
    },
    {
      key: "abc",
      label: "ABC class",
      filter: (
        <ChoiceList title="ABC class" titleHidden allowMultiple choices={ABC_CLASSES.map((c) => ({ label: `Class ${c}`, value: c }))}
          selected={query.abcClasses} onChange={(value) => go({ abcClasses: value as SkuListQuery["abcClasses"] })} />
      ),
      pinned: true,
    },
    {
      key: "backup",
      label: "Backup",
      filter: (
        <ChoiceList title="Backup" titleHidden choices={[{ label: "Has a backup", value: "yes" }, { label: "Single source", value: "no" }]}
          selected={query.hasBackup === null ? [] : [query.hasBackup ? "yes" : "no"]} onChange={([value]) => go({ hasBackup: value === undefined ? null : value === "yes" })} />
      ),
      pinned: true,
    },
    {
      key: "supplier",
      label: "Supplier",
      filter: (
        <ChoiceList title="Supplier" titleHidden choices={options.suppliers.map((s) => ({ label: s.name, value: s.id }))}
          selected={query.supplierId ? [query.supplierId] : []} onChange={([value]) => go({ supplierId: value ?? null })} />
      ),
    },
    {
      key: "vendor",
      label: "Vendor",
      filter: (
        <ChoiceList title="Vendor" titleHidden choices={options.vendors.map((v) => ({ label: v, value: v }))}
          selected={query.vendor ? [query.vendor] : []} onChange={([value]) => go({ vendor: value ?? null })} />
      ),
    },
    {
      key: "type",
      label: "Product type",
      filter: (
        <ChoiceList title="Product type" titleHidden choices={options.productTypes.map((t) => ({ label: t, value: t }))}
          selected={query.productType ? [query.productType] : []} onChange={([value]) => go({ productType: value ?? null })} />
      ),
    },
  ];
  const supplierName = options.suppliers.find((s) => s.id === query.supplierId)?.name ?? query.supplierId;
  const applied = [
    query.riskLevels.length > 0 && { key: "risk", label: `Risk: ${query.riskLevels.join(", ")}`, onRemove: () => go({ riskLevels: [] }) },
    query.abcClasses.length > 0 && { key: "abc", label: `Class ${query.abcClasses.join(", ")}`, onRemove: () => go({ abcClasses: [] }) },
    query.hasBackup !== null && { key: "backup", label: query.hasBackup ? "Has a backup" : "Single source", onRemove: () => go({ hasBackup: null }) },
    query.supplierId && { key: "supplier", label: `Supplier: ${supplierName}`, onRemove: () => go({ supplierId: null }) },
    query.vendor && { key: "vendor", label: `Vendor: ${query.vendor}`, onRemove: () => go({ vendor: null }) },
    query.productType && { key: "type", label: `Type: ${query.productType}`, onRemove: () => go({ productType: null }) },
  ].filter((f): f is { key: string; label: string; onRemove: () => void } => Boolean(f));

  const isLoading = navigation.state === "loading" && navigation.location.pathname === "/app/skus";

  return (
    <Page
      title="SKUs"
      subtitle={`${page.totalCount.toLocaleString("en-US")} ${page.totalCount === 1 ? "SKU" : "SKUs"} ${applied.length > 0 || query.search ? "match" : "ranked by revenue reliance"}`}
      secondaryActions={
        <Popover
          active={columnsOpen}
          onClose={() => setColumnsOpen(false)}
          activator={<Button disclosure onClick={() => setColumnsOpen((open) => !open)}>Columns</Button>}
        >
          <div style={{ padding: "var(--p-space-300)" }}>
            <ChoiceList
              title="Columns shown"
              allowMultiple
              choices={OPTIONAL_SKU_COLUMNS.map((c) => ({ label: COLUMN_TITLES[c].title, value: c }))}
              selected={query.columns}
              onChange={(value) => go({ columns: value as OptionalSkuColumn[], after: query.after, before: query.before })}
            />
          </div>
        </Popover>
      }
    >
      <Card padding="0">
        <div style={{ padding: "var(--p-space-200) var(--p-space-300)" }}>
          <Filters
            queryValue={searchText}
            queryPlaceholder="Search by product, variant or SKU"
            filters={filters}
            appliedFilters={applied}
            onQueryChange={onSearch}
            onQueryClear={() => onSearch("")}
            onClearAll={() => go({ search: "", riskLevels: [], abcClasses: [], hasBackup: null, supplierId: null, vendor: null, productType: null })}
          />
        </div>
        <IndexTable
          resourceName={{ singular: "SKU", plural: "SKUs" }}
          itemCount={page.rows.length}
          headings={headings}
          selectable={false}
          loading={isLoading}
          sortable={columns.map((c) => Boolean(c.sortKey))}
          sortColumnIndex={sortIndex >= 0 ? sortIndex : undefined}
          sortDirection={query.direction === "asc" ? "ascending" : "descending"}
          onSort={(index, direction) => {
            const key = columns[index]?.sortKey;
            if (key) go({ sort: key, direction: direction === "ascending" ? "asc" : "desc" });
          }}
          emptyState={<EmptySearchResult title="No SKUs match" description="Try other filters, or clear them to see every SKU." withIllustration={false} />}
          pagination={{
            hasPrevious: page.previousCursor !== null,
            hasNext: page.nextCursor !== null,
            onPrevious: () => page.previousCursor && go({ before: page.previousCursor }),
            onNext: () => page.nextCursor && go({ after: page.nextCursor }),
          }}
        >
          {page.rows.map((row, index) => (
            <IndexTable.Row id={row.variantId} key={row.variantId} position={index}>
              {columns.map((column) => (
                <IndexTable.Cell key={column.id}>
                  <Cell column={column} row={row} currencyCode={currencyCode} />
                </IndexTable.Cell>
              ))}
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
