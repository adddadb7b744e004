import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateExtensionRequest, readJsonBody } from "~/lib/extension-request.server";
import { BulkSelection, bulkEditInput } from "~/models/assignment.schema";
import { getUndo, replanAfterEdit, undoLastAssignmentsChange } from "~/models/assignment.server";
import {
  BulkSupplierChangeRequest,
  BulkSupplierIntent,
  type BulkSupplierOptions,
  type BulkSupplierResponse,
  type ExtensionApiError,
} from "~/models/extension-api";
import { fieldErrorsOf } from "~/models/form-fields";
import { listProductVariantIds } from "~/models/product-variants.server";
import { getShop } from "~/models/shop.server";
import { listActiveSupplierOptions } from "~/models/supplier.server";
import type { RoleEdit, SplitEdit, SupplierRoleChange } from "~/models/supplier-role-change";
import { applySupplierRoleChange, previewSupplierRoleChange } from "~/models/supplier-role-change.server";

/**
 * The product index's bulk supplier action (extensions/bulk-supplier-action).
 * GET: the suppliers to choose from and the undoable change. POST (JSON): preview, apply or undo,
 * through the same models, validation, transaction and undo as the in-app bulk edit.
 */

const errors = (messages: Record<string, string>): ExtensionApiError => ({ errors: messages });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, json } = await authenticateExtensionRequest(request);
  const [suppliers, undo] = await Promise.all([listActiveSupplierOptions(shop), getUndo(shop)]);
  const body: BulkSupplierOptions = { suppliers, undo: undo && { description: undo.description, skuCount: undo.skuCount } };
  return json(body);
}

/** The change as the in-app bulk edit's own edits, validated by its schema (same messages). */
function editsOf(request: BulkSupplierChangeRequest, currencyCode: string): { ok: true; change: SupplierRoleChange } | { ok: false; fieldErrors: Record<string, string> } {
  const schema = bulkEditInput(currencyCode);
  const role = schema.safeParse(
    request.role === "primary" ? { operation: "set-primary", supplierId: request.supplierId } : { operation: "add-backup", supplierId: request.supplierId },
  );
  const wantsSplit = request.primaryPct !== undefined && request.primaryPct !== null && request.primaryPct !== "";
  const split = wantsSplit ? schema.safeParse({ operation: "set-split", primaryPct: request.primaryPct }) : null;
  const fieldErrors = { ...(role.success ? {} : fieldErrorsOf(role.error)), ...(split && !split.success ? fieldErrorsOf(split.error) : {}) };
  const roleEdit: RoleEdit | null = role.success && (role.data.operation === "set-primary" || role.data.operation === "add-backup") ? role.data : null;
  const splitEdit: SplitEdit | null = split?.success && split.data.operation === "set-split" ? split.data : null;
  if (!roleEdit || (split && !splitEdit)) return { ok: false, fieldErrors };
  return { ok: true, change: { roleEdit, splitEdit } };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, json } = await authenticateExtensionRequest(request);
  if (request.method !== "POST") return json(errors({ form: `${request.method} is not supported here; send a POST with a JSON body` }), 405);
  const body = await readJsonBody(request);
  if (!body.ok) return json(errors({ form: "The request body must be a JSON object" }), 400);
  const intent = BulkSupplierIntent.safeParse(body.value);
  if (!intent.success) return json(errors(fieldErrorsOf(intent.error)), 400);

  if (intent.data.intent === "undo") {
    const undone = await undoLastAssignmentsChange(shop);
    if (!undone) return json(errors({ form: "There is no change to undo: each change can be undone once." }), 409);
    await replanAfterEdit(shop, undone.variantIds);
    const response: BulkSupplierResponse = { intent: "undo", description: undone.description };
    return json(response);
  }

  const parsed = BulkSupplierChangeRequest.safeParse(body.value);
  if (!parsed.success) return json(errors(fieldErrorsOf(parsed.error)), 422);
  const edits = editsOf(parsed.data, (await getShop(shop))?.currencyCode ?? "USD");
  if (!edits.ok) return json(errors(edits.fieldErrors), 422);

  const { variantIds, syncedProductIds } = await listProductVariantIds(shop, parsed.data.productIds);
  // Another shop's products look exactly like products this shop does not have.
  if (variantIds.length === 0) {
    return json(errors({ form: "None of the selected products are in Backstop yet: they appear after the next sync." }), 404);
  }
  const selection = BulkSelection.safeParse({ selection: "ids", variantIds });
  if (!selection.success) return json(errors(fieldErrorsOf(selection.error)), 422);

  const isApply = parsed.data.intent === "apply";
  const result = isApply
    ? await applySupplierRoleChange(shop, selection.data, edits.change)
    : await previewSupplierRoleChange(shop, selection.data, edits.change);
  if (!result.ok) return json(errors(result.fieldErrors), 422);
  const counts = { productCount: syncedProductIds.size, unsyncedProductCount: new Set(parsed.data.productIds).size - syncedProductIds.size };
  if (!isApply) {
    const response: BulkSupplierResponse = { intent: "preview", ...counts, summary: result.summary };
    return json(response);
  }
  const { replannedInline } = await replanAfterEdit(shop, result.changedVariantIds);
  const response: BulkSupplierResponse = { intent: "apply", ...counts, summary: result.summary, replannedInline };
  return json(response);
}
