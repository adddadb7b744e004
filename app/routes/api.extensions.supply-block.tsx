import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateExtensionRequest } from "~/lib/extension-request.server";
import { SupplyBlockQuery, type ExtensionApiError } from "~/models/extension-api";
import { fieldErrorsOf } from "~/models/form-fields";
import { getProductSupply } from "~/models/product-supply.server";

/**
 * The supply block on Shopify's product page (extensions/supply-block):
 * GET ?productId=gid://shopify/Product/123 → SupplyBlockResponse, 404 when the token's shop has
 * no such product (not synced yet, or another shop's). Read-only: there is no action, and the
 * CORS preflight (OPTIONS) reaches this loader, where authentication answers it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, json } = await authenticateExtensionRequest(request);
  const query = SupplyBlockQuery.safeParse({ productId: new URL(request.url).searchParams.get("productId") ?? undefined });
  if (!query.success) return json({ errors: fieldErrorsOf(query.error) } satisfies ExtensionApiError, 400);
  const supply = await getProductSupply(shop, query.data.productId);
  if (!supply) {
    return json({ errors: { form: "Backstop has not synced this product yet: it appears after the next sync." } } satisfies ExtensionApiError, 404);
  }
  return json(supply);
}
