/**
 * `node(id:)` and `nodes(ids:)`: a global id names its type, so the object comes back tagged with it.
 * A type the token may not read is denied on the node field itself.
 */
import { accessDeniedError } from "../scopes";
import { parseGidArg } from "./ids";
import { visibleOrder } from "./orders";
import { defineType, Typed, value, type ResolveContext } from "./types";

function findNode(rawId: unknown, context: ResolveContext, fieldName: string): Typed | null {
  const parsed = parseGidArg(rawId);
  const { resource, id } = parsed;
  const found = lookup(resource, id, parsed.params, context);
  if (!found) return null;
  const requirement = context.access.forType(found.typeName);
  if (requirement && !context.scopes.satisfies(requirement)) throw accessDeniedError({ fieldName, requirement });
  return found;
}

function lookup(resource: string, id: number, params: URLSearchParams, context: ResolveContext): Typed | null {
  const { shop } = context;
  const tag = <S>(typeName: string, found: S | null | undefined): Typed | null =>
    found === null || found === undefined ? null : new Typed(typeName, found);
  switch (resource) {
    case "Order":
      return tag("Order", visibleOrder(id, context));
    case "LineItem": {
      const hit = shop.lineItem(id);
      return hit && visibleOrder(hit.order.id, context) ? new Typed("LineItem", hit.line) : null;
    }
    case "Product":
      return tag("Product", shop.product(id));
    case "ProductVariant":
      return tag("ProductVariant", shop.variant(id));
    case "InventoryItem":
      return tag("InventoryItem", shop.variantByInventoryItem(id));
    case "InventoryLevel": {
      const variant = shop.variantByInventoryItem(Number(params.get("inventory_item_id")));
      const level = variant?.inventory.find((l) => l.locationId === id);
      return variant && level ? new Typed("InventoryLevel", { variant, level }) : null;
    }
    case "Location":
      return tag("Location", shop.location(id));
    case "Customer":
      return shop.hasCustomer(id) ? new Typed("Customer", { id }) : null;
    case "BulkOperation":
      return tag("BulkOperation", context.bulk.find(shop, id));
    default:
      return null;
  }
}

export const nodeResolvers = [
  defineType<unknown>("QueryRoot", {
    node: value((_root, args, context) => findNode(args.id, context, "node")),
    nodes: value((_root, args, context) => {
      const ids = Array.isArray(args.ids) ? args.ids : [];
      return ids.map((id) => findNode(id, context, "nodes"));
    }),
  }),
];
