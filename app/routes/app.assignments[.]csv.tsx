import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMerchant } from "~/shopify.server";
import { getShop } from "~/models/shop.server";
import { filterFromSearchParams } from "~/models/assignment.schema";
import { assignmentCsvTemplate, exportAssignmentsCsv } from "~/models/assignment-csv.server";

/**
 * GET /app/assignments.csv?<filter> → the assignments of the SKUs in that view, in the import's
 * columns; ?template=1 → the empty import template. Cells are formula-neutralised (lib/csv).
 * Fetched with fetch() so App Bridge adds the session token (see lib/app-bridge downloadFromApp).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireMerchant(request);
  const params = new URL(request.url).searchParams;
  const isTemplate = params.get("template") === "1";
  const body = isTemplate
    ? assignmentCsvTemplate()
    : await exportAssignmentsCsv(shop, filterFromSearchParams(params), (await getShop(shop))?.currencyCode ?? "USD");
  const fileName = isTemplate ? "assignments-template.csv" : "assignments.csv";
  // The BOM makes Excel read the file as UTF-8 (supplier names are often not ASCII).
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
