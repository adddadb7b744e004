import { emptyLineItemFields, emptyOrderFields, readLineItem, readOrder, skuOf } from "./export-line-shapes";
import { decimalToMinorUnits } from "./money";
import { isCountedOrder, toSalesLine, type SalesLine, type SalesOrderRecord } from "./sales-order";
import { PendingOrders, type PendingOrderHeader } from "./pending-orders";
import { parseDateTimeMs } from "./shopify-datetime";

/**
 * Turns the orders export's JSON lines into SalesOrderRecords with bounded memory.
 *
 * Shopify writes each line item on its own line with `__parentId`, after its order but not
 * necessarily right after it (other orders' lines may come in between). Orders are therefore held
 * as "pending" (in typed arrays, see pending-orders.ts) until enough later orders have arrived;
 * the oldest are then released (FIFO), one at a time, as the SalesOrderRecords to be written. A
 * line whose order was already released is a "late line": it is merged into the stored order by
 * line id (see sales-store), so the result is exact however far apart parent and child are, while
 * memory stays at `capacity` orders.
 */
export class BulkFormatError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(`Bulk result line ${lineNumber}: ${message}`);
    this.name = "BulkFormatError";
  }
}

export interface OrderContext {
  /** Shop-local day of an instant. */
  dayOf(epochMs: number): string;
  /** Minor-unit digits of the shop currency. */
  fractionDigits: number;
  /**
   * Salted hash of a customer id (never store the id itself): its gid as the export wrote it, or
   * the number of a `gid://shopify/Customer/<number>` gid, which hashes the same (hashCustomerId).
   */
  hashCustomer(customer: string | number): string;
}

export interface LateLine {
  orderId: number;
  line: SalesLine;
  lineNumber: number;
}

const ORDER_PREFIX = "gid://shopify/Order/";
const LINE_PREFIX = "gid://shopify/LineItem/";
const VARIANT_PREFIX = "gid://shopify/ProductVariant/";

function idFromGid(gid: unknown, prefix: string, lineNumber: number): number {
  if (typeof gid !== "string" || !gid.startsWith(prefix)) {
    throw new BulkFormatError(`expected a ${prefix}… id, got ${JSON.stringify(gid)}`, lineNumber);
  }
  const id = Number(gid.slice(prefix.length));
  if (!Number.isSafeInteger(id) || id <= 0) throw new BulkFormatError(`bad id ${gid}`, lineNumber);
  return id;
}

function timeOf(value: unknown, field: string, lineNumber: number): number {
  const ms = typeof value === "string" ? parseDateTimeMs(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new BulkFormatError(`${field} is not a DateTime: ${JSON.stringify(value)}`, lineNumber);
  return ms;
}

function intOf(value: unknown, field: string, lineNumber: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new BulkFormatError(`${field} is not an integer: ${JSON.stringify(value)}`, lineNumber);
  }
  return value;
}

function shopMoneyAmount(set: unknown, field: string, lineNumber: number): string {
  const amount = (set as { shopMoney?: { amount?: unknown } } | null)?.shopMoney?.amount;
  if (typeof amount !== "string") throw new BulkFormatError(`${field}.shopMoney.amount is missing`, lineNumber);
  return amount;
}

function minorUnitsOf(amount: string, fractionDigits: number, lineNumber: number): number {
  try {
    return decimalToMinorUnits(amount, fractionDigits);
  } catch (error) {
    throw new BulkFormatError(String(error), lineNumber);
  }
}

export class OrderAssembler {
  private readonly pending: PendingOrders;
  private readonly released: PendingOrderHeader = { orderId: 0, processedAtMs: 0, shopifyUpdatedAtMs: 0, isCounted: false, customer: null, lineIndex: 0 };
  private ready: SalesOrderRecord[] = [];
  private late: LateLine[] = [];
  private readonly context: OrderContext;
  private readonly capacity: number;
  // Reused for every line read from text (see export-line-shapes.ts).
  private readonly lineItemFields = emptyLineItemFields();
  private readonly orderFields = emptyOrderFields();

  constructor(context: OrderContext, options: { capacity?: number } = {}) {
    this.context = context;
    this.capacity = Math.max(1, options.capacity ?? 20_000);
    this.pending = new PendingOrders(this.capacity + 1);
  }

  /**
   * Feeds one line of the export as text (`lineIndex` is its 0-based position). Lines in the exact
   * shape of Backstop's query are read field by field (export-line-shapes.ts); any other line is
   * parsed in full, with the same result.
   */
  pushJson(text: string, lineIndex: number): void {
    const lineNumber = lineIndex + 1;
    const item = this.lineItemFields;
    if (readLineItem(text, item)) {
      const discountedTotalCents = minorUnitsOf(item.discountedTotalAmount, this.context.fractionDigits, lineNumber);
      const sku = item.variantId === null ? skuOf(text) : null;
      this.acceptLine(item.parentId, item.lineId, item.variantId, sku, item.quantity, item.currentQuantity, discountedTotalCents, lineNumber);
      return;
    }
    const order = this.orderFields;
    if (readOrder(text, order)) {
      this.acceptOrder(order.id, order.processedAt, order.updatedAt, order.cancelledAt, order.test, order.customerGid, lineIndex);
      return;
    }
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      throw new BulkFormatError("not valid JSON", lineNumber);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) throw new BulkFormatError("not a JSON object", lineNumber);
    this.push(row as Record<string, unknown>, lineIndex);
  }

  /** Feeds one parsed line (`lineIndex` is its 0-based position in the export). */
  push(row: Record<string, unknown>, lineIndex: number): void {
    const lineNumber = lineIndex + 1;
    const parentId = row.__parentId;
    if (parentId === undefined) {
      const orderId = idFromGid(row.id, ORDER_PREFIX, lineNumber);
      const cancelledAt = row.cancelledAt === null || row.cancelledAt === undefined ? null : String(row.cancelledAt);
      const customer = row.customer as { id?: unknown } | null | undefined;
      const customerGid = customer && typeof customer.id === "string" ? customer.id : null;
      this.acceptOrder(orderId, row.processedAt, row.updatedAt, cancelledAt, row.test, customerGid, lineIndex);
      return;
    }
    const orderId = idFromGid(parentId, ORDER_PREFIX, lineNumber);
    this.acceptParsedLine(orderId, row, lineNumber);
  }

  /** A line item's fields: kept with its pending order, or a late line (see sales-store). */
  private acceptLine(
    orderId: number,
    lineId: number,
    variantId: number | null,
    sku: string | null,
    quantity: number,
    currentQuantity: number,
    discountedTotalCents: number,
    lineNumber: number,
  ): void {
    if (this.pending.addLine(orderId, lineId, variantId, sku, quantity, currentQuantity, discountedTotalCents)) return;
    const line = toSalesLine({ lineId, variantId, sku, quantity, currentQuantity, discountedTotalCents });
    if (line !== null) this.late.push({ orderId, line, lineNumber });
  }

  private acceptOrder(
    orderId: number,
    processedAt: unknown,
    updatedAt: unknown,
    cancelledAt: string | null,
    test: unknown,
    customerGid: string | null,
    lineIndex: number,
  ): void {
    const lineNumber = lineIndex + 1;
    const processedAtMs = timeOf(processedAt, "processedAt", lineNumber);
    const shopifyUpdatedAtMs = timeOf(updatedAt, "updatedAt", lineNumber);
    if (typeof test !== "boolean") throw new BulkFormatError("test is not a boolean", lineNumber);
    // A repeated order id within one export would double its lines: refuse rather than guess.
    if (this.pending.has(orderId)) throw new BulkFormatError(`order ${orderId} appears twice`, lineNumber);
    // Nothing of the line's text is kept (a regex capture is a view onto the whole download chunk).
    this.pending.push({ orderId, processedAtMs, shopifyUpdatedAtMs, isCounted: isCountedOrder(cancelledAt, test), customer: customerGid, lineIndex });
    // One at a time: released orders wait for the next write, and the fewer wait, the fewer
    // outlive the young generation.
    if (this.pending.size > this.capacity) this.release(this.pending.size - this.capacity);
  }

  private acceptParsedLine(orderId: number, row: Record<string, unknown>, lineNumber: number): void {
    const lineId = idFromGid(row.id, LINE_PREFIX, lineNumber);
    const variant = row.variant as { id?: unknown } | null | undefined;
    const variantId = variant && variant.id !== undefined ? idFromGid(variant.id, VARIANT_PREFIX, lineNumber) : null;
    const quantity = intOf(row.quantity, "quantity", lineNumber);
    const currentQuantity = intOf(row.currentQuantity, "currentQuantity", lineNumber);
    const amount = shopMoneyAmount(row.discountedTotalSet, "discountedTotalSet", lineNumber);
    const discountedTotalCents = minorUnitsOf(amount, this.context.fractionDigits, lineNumber);
    this.acceptLine(orderId, lineId, variantId, typeof row.sku === "string" ? row.sku : null, quantity, currentQuantity, discountedTotalCents, lineNumber);
  }

  /** Releases the `count` oldest pending orders to the ready list, as the records written. */
  private release(count: number): void {
    const order = this.released;
    for (let released = 0; released < count && this.pending.size > 0; released++) {
      const lines = this.pending.shift(order);
      const customer = order.customer;
      this.ready.push({
        orderId: order.orderId,
        processedAtMs: order.processedAtMs,
        day: this.context.dayOf(order.processedAtMs),
        shopifyUpdatedAtMs: order.shopifyUpdatedAtMs,
        isCounted: order.isCounted,
        customerHash: customer === null ? null : this.context.hashCustomer(customer),
        lines,
      });
    }
  }

  /** Number of orders ready to be written (released, with the lines seen so far). */
  get readyCount(): number {
    return this.ready.length;
  }

  /** Line items waiting to be merged into already written orders. */
  get lateCount(): number {
    return this.late.length;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Takes the released orders and late lines accumulated since the last call. */
  take(): { orders: SalesOrderRecord[]; lateLines: LateLine[] } {
    const out = { orders: this.ready, lateLines: this.late };
    this.ready = [];
    this.late = [];
    return out;
  }

  /** Releases every pending order (end of the export). */
  finish(): void {
    this.release(this.pending.size);
  }

  /**
   * The export position from which a resumed run must re-read: the oldest pending order's line
   * (its lines may still be coming), or `nextLineIndex` when nothing is pending. Everything before
   * it is in the database once the released orders and late lines are written.
   */
  resumeLineIndex(nextLineIndex: number): number {
    return this.pending.oldestLineIndex() ?? nextLineIndex;
  }
}
