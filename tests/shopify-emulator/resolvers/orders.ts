/**
 * Orders, line items, refunds and customers. Orders older than the access window are invisible
 * without `read_all_orders` ✅ [S] (measured on createdAt or processedAt ❓, see options.ts).
 */
import { dateTime, dateTimeOrNull, gid, unsignedInt64 } from "../format";
import type { OrderSortKey } from "../shop-state";
import { compileSearch, type SearchSpec } from "../search-query";
import type { StoreOrder, StoreOrderLine, StoreRefund } from "../store/types";
import { idArgFor } from "./ids";
import { connection, defineType, reverseIf, simpleList, value, type OrderedList, type ResolveContext } from "./types";

export interface RefundSource {
  order: StoreOrder;
  refund: StoreRefund;
}

export interface RefundLineSource {
  order: StoreOrder;
  refund: StoreRefund;
  index: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** Hoisted: bulk exports list the line items of a million orders. */
const lineKey = (line: StoreOrderLine): number => line.id;

/** Whether the token may see this order at all (the 60-day rule). */
export function orderVisibility(context: ResolveContext): (order: StoreOrder) => boolean {
  if (context.scopes.has("read_all_orders")) return () => true;
  const { windowDays, cutoffField } = context.behaviour.orders;
  const cutoffMs = context.nowMs - windowDays * DAY_MS;
  return (order) => order[cutoffField] >= cutoffMs;
}

export function visibleOrder(id: number, context: ResolveContext): StoreOrder | null {
  const order = context.shop.order(id);
  return order && orderVisibility(context)(order) ? order : null;
}

const orderSearch: SearchSpec<StoreOrder> = {
  fields: {
    id: { type: "id", get: (o) => o.id },
    name: { type: "string", get: (o) => [o.name, o.name.replace(/^#/, "")] },
    created_at: { type: "time", get: (o) => o.createdAt },
    processed_at: { type: "time", get: (o) => o.processedAt },
    updated_at: { type: "time", get: (o) => o.updatedAt },
    test: { type: "boolean", get: (o) => o.test },
    customer_id: { type: "number", get: (o) => o.customerId },
    sku: { type: "string", get: (o) => o.lines.map((l) => l.sku) },
    // The store has no archive state: nothing is "closed"; cancelled orders are not "open".
    status: {
      type: "enum",
      values: {
        open: (o) => o.cancelledAt === null,
        cancelled: (o) => o.cancelledAt !== null,
        closed: () => false,
        not_closed: () => true,
      },
    },
  },
  freeText: (o) => o.name,
};

/** Sort keys the store can honour; others (TOTAL_PRICE, CUSTOMER_NAME, …) fall back to ID. */
function orderSortKey(value: unknown): OrderSortKey {
  switch (value) {
    case "CREATED_AT":
    case "UPDATED_AT":
    case "PROCESSED_AT":
      return value;
    default:
      return "ID"; // includes ORDER_NUMBER: order numbers grow with ids
  }
}

const SORT_FIELD = {
  PROCESSED_AT: "processedAt",
  CREATED_AT: "createdAt",
  UPDATED_AT: "updatedAt",
  ID: "id",
} as const;

export function ordersList(
  args: { query?: unknown; sortKey?: unknown; reverse?: unknown },
  context: ResolveContext,
  restrictTo?: (order: StoreOrder) => boolean,
): OrderedList<StoreOrder> {
  const sortKey = orderSortKey(args.sortKey ?? "PROCESSED_AT");
  const visible = orderVisibility(context);
  const query = typeof args.query === "string" ? args.query : "";
  const compiled = compileSearch(query, orderSearch, {
    nowMs: context.nowMs,
    ianaTimezone: context.shop.data.shop.ianaTimezone,
    strictComparisonsInclusive: context.behaviour.search.strictComparisonsInclusive,
  });
  const matches = compiled.matches;
  const items = context.shop
    .ordersSortedBy(sortKey)
    .filter((o) => visible(o) && matches(o) && (!restrictTo || restrictTo(o)));
  const field = SORT_FIELD[sortKey];
  return reverseIf(
    {
      items,
      key: (o) => o.id,
      sortValue: (o) => o[field],
      search: query ? { query, warnings: compiled.warnings } : undefined,
    },
    args.reverse,
  );
}

function lineNetCents(line: StoreOrderLine, quantity: number): number {
  if (line.quantity === 0) return 0;
  const exact = (line.discountedTotalCents * quantity) / line.quantity;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

function refundLines(source: RefundSource): RefundLineSource[] {
  return source.refund.lines.map((_line, index) => ({ ...source, index }));
}

function lineOfRefund(source: RefundLineSource): StoreOrderLine {
  const refundLine = source.refund.lines[source.index];
  const line = source.order.lines.find((l) => l.id === refundLine.lineItemId);
  if (!line) throw new Error(`Store data: refund ${source.refund.id} points at missing line ${refundLine.lineItemId}`);
  return line;
}

function financialStatus(order: StoreOrder): string {
  const ordered = order.lines.reduce((sum, l) => sum + l.quantity, 0);
  const refunded = order.refunds.reduce((sum, r) => sum + r.lines.reduce((s, l) => s + l.quantity, 0), 0);
  if (refunded === 0) return "PAID";
  return refunded >= ordered ? "REFUNDED" : "PARTIALLY_REFUNDED";
}

export const orderResolvers = [
  defineType<unknown>("QueryRoot", {
    orders: connection((_root, args, context) => ordersList(args, context)),
    order: value((_root, args, context) => {
      const id = idArgFor("Order", args.id);
      return id === null ? null : visibleOrder(id, context);
    }),
    customer: value((_root, args, context) => {
      const id = idArgFor("Customer", args.id);
      return id !== null && context.shop.hasCustomer(id) ? { id } : null;
    }),
  }),

  defineType<StoreOrder>("Order", {
    id: value((o) => gid("Order", o.id)),
    legacyResourceId: value((o) => unsignedInt64(o.id)),
    name: value((o) => o.name),
    createdAt: value((o) => dateTime(o.createdAt)),
    processedAt: value((o) => dateTime(o.processedAt)),
    updatedAt: value((o) => dateTime(o.updatedAt)),
    cancelledAt: value((o) => dateTimeOrNull(o.cancelledAt)),
    // ❓ the store does not record a reason; CUSTOMER is the commonest.
    cancelReason: value((o) => (o.cancelledAt === null ? null : "CUSTOMER")),
    closed: value(() => false),
    closedAt: value(() => null),
    test: value((o) => o.test),
    email: value(() => null),
    customer: value((o) => (o.customerId === null ? null : { id: o.customerId })),
    displayFinancialStatus: value((o) => financialStatus(o)),
    currentSubtotalLineItemsQuantity: value((o) => o.lines.reduce((sum, l) => sum + l.currentQuantity, 0)),
    subtotalLineItemsQuantity: value((o) => o.lines.reduce((sum, l) => sum + l.quantity, 0)),
    lineItems: connection((o, args) => reverseIf(simpleList(o.lines, lineKey), args.reverse)),
    refunds: value((o, args) => {
      const refunds = o.refunds.map((refund) => ({ order: o, refund }));
      return typeof args.first === "number" ? refunds.slice(0, args.first) : refunds;
    }),
  }),

  defineType<StoreOrderLine>("LineItem", {
    id: value((l) => gid("LineItem", l.id)),
    sku: value((l) => l.sku),
    name: value((l) => l.title),
    title: value((l) => l.title),
    quantity: value((l) => l.quantity),
    currentQuantity: value((l) => l.currentQuantity),
    refundableQuantity: value((l) => l.currentQuantity),
    // A deleted variant reads as null on the order line ✅ [S] (LineItem.variant is nullable).
    variant: value((l, _args, context) => (l.variantId === null ? null : (context.shop.variant(l.variantId) ?? null))),
    product: value((l, _args, context) => {
      const variant = l.variantId === null ? undefined : context.shop.variant(l.variantId);
      return variant ? (context.shop.product(variant.productId) ?? null) : null;
    }),
    vendor: value((l, _args, context) => {
      const variant = l.variantId === null ? undefined : context.shop.variantRecord(l.variantId);
      return variant ? (context.shop.product(variant.productId)?.vendor ?? null) : null;
    }),
    originalUnitPriceSet: value((l) => l.unitPriceCents),
    originalTotalSet: value((l) => l.unitPriceCents * l.quantity),
    // Code discounts are not modelled, so withCodeDiscounts changes nothing.
    discountedTotalSet: value((l) => l.discountedTotalCents),
    discountedUnitPriceSet: value((l) => lineNetCents(l, 1)),
    discountedUnitPriceAfterAllDiscountsSet: value((l) => lineNetCents(l, 1)),
  }),

  defineType<RefundSource>("Refund", {
    id: value(({ refund }) => gid("Refund", refund.id)),
    legacyResourceId: value(({ refund }) => unsignedInt64(refund.id)),
    createdAt: value(({ refund }) => dateTime(refund.createdAt)),
    order: value(({ order }) => order),
    refundLineItems: connection((source, args) =>
      reverseIf(simpleList(refundLines(source), (r) => source.refund.id * 1000 + r.index), args.reverse),
    ),
    totalRefundedSet: value((source) =>
      refundLines(source).reduce((sum, r) => sum + lineNetCents(lineOfRefund(r), r.refund.lines[r.index].quantity), 0),
    ),
  }),

  defineType<RefundLineSource>("RefundLineItem", {
    id: value(({ refund, index }) => gid("RefundLineItem", refund.id * 1000 + index)),
    quantity: value(({ refund, index }) => refund.lines[index].quantity),
    restockType: value(({ refund, index }) => refund.lines[index].restockType),
    restocked: value(({ refund, index }) => refund.lines[index].restockType !== "NO_RESTOCK"),
    lineItem: value((source) => lineOfRefund(source)),
    priceSet: value((source) => lineNetCents(lineOfRefund(source), 1)),
    subtotalSet: value((source) => lineNetCents(lineOfRefund(source), source.refund.lines[source.index].quantity)),
    totalTaxSet: value(() => 0),
  }),

  defineType<{ id: number }>("Customer", {
    id: value((c) => gid("Customer", c.id)),
    legacyResourceId: value((c) => unsignedInt64(c.id)),
    orders: connection((c, args, context) => ordersList(args, context, (o) => o.customerId === c.id)),
  }),
];
