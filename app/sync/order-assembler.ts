import { emptyLineItemFields, emptyOrderFields, readLineItem, readOrder, skuOf } from "./export-line-shapes";
import { decimalToMinorUnits } from "./money";
import { isCountedOrder, toSalesLine, type SalesLine, type SalesOrderRecord } from "./sales-order";
import { parseDateTimeMs } from "./shopify-datetime";

/**
 * Turns the orders export's JSON lines into SalesOrderRecords with bounded memory.
 *
 * Shopify writes each line item on its own line with `__parentId`, after its order but not
 * necessarily right after it (other orders' lines may come in between). Orders are therefore held
 * as "pending" until enough later orders have arrived; the oldest are then released (FIFO) to be
 * written. A line whose order was already released is a "late line": it is merged into the stored
 * order by line id (see sales-store), so the result is exact however far apart parent and child
 * are, while memory stays at `capacity` orders.
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
  /** Salted hash of a customer gid (never store the id itself). */
  hashCustomer(customerGid: string): string;
}

export interface LateLine {
  orderId: number;
  line: SalesLine;
  lineNumber: number;
}

interface PendingOrder {
  record: SalesOrderRecord;
  /** 0-based index of the order's own line in the export. */
  lineIndex: number;
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

/**
 * A copy of `text` that does not keep the string it was cut from alive. V8 cuts substrings (the
 * export line, a regex capture of it) as views onto their parent: an order waiting for its lines
 * would otherwise hold its whole 64 KB download chunk, and the garbage collector would copy those
 * chunks from one young-generation space to the other until the order is written.
 */
function detached(text: unknown): unknown {
  return typeof text === "string" ? ` ${text}`.slice(1) : text;
}

function minorUnitsOf(amount: string, fractionDigits: number, lineNumber: number): number {
  try {
    return decimalToMinorUnits(amount, fractionDigits);
  } catch (error) {
    throw new BulkFormatError(String(error), lineNumber);
  }
}

export class OrderAssembler {
  private readonly pending = new Map<number, PendingOrder>();
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
      // What push() makes of the parsed object, with the same checks.
      const line = toSalesLine({
        lineId: item.lineId,
        variantId: item.variantId,
        sku: item.variantId === null ? skuOf(text) : null,
        quantity: item.quantity,
        currentQuantity: item.currentQuantity,
        discountedTotalCents: minorUnitsOf(item.discountedTotalAmount, this.context.fractionDigits, lineNumber),
      });
      this.acceptLine(item.parentId, line, lineNumber);
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
    this.acceptLine(orderId, this.lineOf(row, lineNumber), lineNumber);
  }

  private acceptLine(orderId: number, line: SalesLine | null, lineNumber: number): void {
    if (line === null) return;
    const owner = this.pending.get(orderId);
    if (owner) owner.record.lines.push(line);
    else this.late.push({ orderId, line, lineNumber });
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
    if (typeof test !== "boolean") throw new BulkFormatError("test is not a boolean", lineNumber);
    const record: SalesOrderRecord = {
      orderId,
      processedAtMs,
      processedAtText: detached(processedAt) as string,
      updatedAtText: detached(updatedAt) as string,
      day: this.context.dayOf(processedAtMs),
      shopifyUpdatedAtMs: timeOf(updatedAt, "updatedAt", lineNumber),
      isCounted: isCountedOrder(cancelledAt, test),
      customerHash: customerGid === null ? null : this.context.hashCustomer(customerGid),
      lines: [],
    };
    // A repeated order id within one export would double its lines: refuse rather than guess.
    if (this.pending.has(orderId)) throw new BulkFormatError(`order ${orderId} appears twice`, lineNumber);
    this.pending.set(orderId, { record, lineIndex });
    if (this.pending.size > this.capacity) this.release(Math.ceil(this.capacity / 4));
  }

  private lineOf(row: Record<string, unknown>, lineNumber: number): SalesLine | null {
    const lineId = idFromGid(row.id, LINE_PREFIX, lineNumber);
    const variant = row.variant as { id?: unknown } | null | undefined;
    const variantId = variant && variant.id !== undefined ? idFromGid(variant.id, VARIANT_PREFIX, lineNumber) : null;
    const quantity = intOf(row.quantity, "quantity", lineNumber);
    const currentQuantity = intOf(row.currentQuantity, "currentQuantity", lineNumber);
    const amount = shopMoneyAmount(row.discountedTotalSet, "discountedTotalSet", lineNumber);
    return toSalesLine({
      lineId,
      variantId,
      sku: typeof row.sku === "string" ? row.sku : null,
      quantity,
      currentQuantity,
      discountedTotalCents: minorUnitsOf(amount, this.context.fractionDigits, lineNumber),
    });
  }

  /** Releases the `count` oldest pending orders to the ready list. */
  private release(count: number): void {
    let released = 0;
    for (const [orderId, pending] of this.pending) {
      if (released >= count) break;
      this.pending.delete(orderId);
      this.ready.push(pending.record);
      released += 1;
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
    for (const pending of this.pending.values()) return pending.lineIndex;
    return nextLineIndex;
  }
}
