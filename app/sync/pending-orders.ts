import { toSalesLine, type SalesLine } from "./sales-order";

/**
 * The orders an export has listed whose line items may still be coming, oldest first, held in
 * typed arrays instead of objects.
 *
 * Why: an order waits here while thousands of later orders are read (OrderAssembler's capacity),
 * long enough for V8 to copy any object it is made of twice in the young generation and then into
 * the old one, where only a full collection frees it. As objects, the waiting orders of a
 * million-order backfill were promoted nearly all of them: ~100 full collections and ~2.5 s of
 * collecting garbage per million orders, more than reading their lines took. In these arrays they
 * cost nothing to the collector; objects are made only when an order leaves (PendingOrders.shift),
 * shortly before it is written.
 */

/** An order's own fields, as they wait (filled in place by shift). */
export interface PendingOrderHeader {
  orderId: number;
  processedAtMs: number;
  shopifyUpdatedAtMs: number;
  isCounted: boolean;
  /**
   * The customer as the export named it: the numeric id of a `gid://shopify/Customer/<id>`, the
   * gid itself in any other form, or null for a guest order.
   */
  customer: number | string | null;
  /** 0-based index of the order's own line in the export. */
  lineIndex: number;
}

const CUSTOMER_PREFIX = "gid://shopify/Customer/";
const NO_CUSTOMER = -1;
/** The customer is a gid in another form: see oddCustomers. */
const ODD_CUSTOMER = -2;
const NO_LINE = -1;

/** The numeric id of `gid://shopify/Customer/<digits>`, or -1 when it is not exactly that. */
function customerNumber(gid: string): number {
  if (!gid.startsWith(CUSTOMER_PREFIX) || gid.length === CUSTOMER_PREFIX.length || gid.length > CUSTOMER_PREFIX.length + 16) return -1;
  let value = 0;
  for (let i = CUSTOMER_PREFIX.length; i < gid.length; i++) {
    const digit = gid.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  // Leading zeros or too many digits would not give back the same text.
  return gid.charCodeAt(CUSTOMER_PREFIX.length) !== 48 && Number.isSafeInteger(value) ? value : -1;
}

export class PendingOrders {
  readonly capacity: number;
  // The orders: a ring of `capacity` slots, oldest at `head`.
  private readonly orderId: Float64Array;
  private readonly processedAtMs: Float64Array;
  private readonly updatedAtMs: Float64Array;
  private readonly lineIndex: Float64Array;
  private readonly counted: Uint8Array;
  private readonly customer: Float64Array;
  private readonly firstLine: Int32Array;
  private readonly lastLine: Int32Array;
  private head = 0;
  private count = 0;
  private readonly slotOf = new Map<number, number>();
  private readonly oddCustomers = new Map<number, string>();
  // Their lines: a pool of slots, each order's chained in arrival order, freed slots reused.
  private lineId: Float64Array;
  private variantId: Float64Array;
  private quantity: Float64Array;
  private currentQuantity: Float64Array;
  private discountedTotalCents: Float64Array;
  private nextLine: Int32Array;
  private linesUsed = 0;
  private freeLine = NO_LINE;
  /** The SKU of each waiting line without a variant (the only lines that keep one). */
  private readonly skus = new Map<number, string | null>();

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    const n = this.capacity;
    this.orderId = new Float64Array(n);
    this.processedAtMs = new Float64Array(n);
    this.updatedAtMs = new Float64Array(n);
    this.lineIndex = new Float64Array(n);
    this.counted = new Uint8Array(n);
    this.customer = new Float64Array(n);
    this.firstLine = new Int32Array(n);
    this.lastLine = new Int32Array(n);
    const lines = Math.max(16, n * 4);
    this.lineId = new Float64Array(lines);
    this.variantId = new Float64Array(lines);
    this.quantity = new Float64Array(lines);
    this.currentQuantity = new Float64Array(lines);
    this.discountedTotalCents = new Float64Array(lines);
    this.nextLine = new Int32Array(lines);
  }

  get size(): number {
    return this.count;
  }

  has(orderId: number): boolean {
    return this.slotOf.has(orderId);
  }

  /** Adds an order as the newest; the caller shifts the oldest out before the ring is full. */
  push(order: PendingOrderHeader): void {
    if (this.count === this.capacity) throw new RangeError(`PendingOrders holds at most ${this.capacity} orders`);
    if (this.slotOf.has(order.orderId)) throw new RangeError(`order ${order.orderId} is already pending`);
    const slot = (this.head + this.count) % this.capacity;
    this.count += 1;
    this.slotOf.set(order.orderId, slot);
    this.orderId[slot] = order.orderId;
    this.processedAtMs[slot] = order.processedAtMs;
    this.updatedAtMs[slot] = order.shopifyUpdatedAtMs;
    this.lineIndex[slot] = order.lineIndex;
    this.counted[slot] = order.isCounted ? 1 : 0;
    this.firstLine[slot] = NO_LINE;
    this.lastLine[slot] = NO_LINE;
    const { customer } = order;
    if (customer === null) {
      this.customer[slot] = NO_CUSTOMER;
    } else {
      const id = typeof customer === "number" ? customer : customerNumber(customer);
      if (id >= 0 && Number.isSafeInteger(id)) {
        this.customer[slot] = id;
      } else {
        this.customer[slot] = ODD_CUSTOMER;
        this.oddCustomers.set(slot, String(customer));
      }
    }
  }

  /**
   * Appends a line item, as read from the export, to a pending order; false when `orderId` is not
   * pending. Its SalesLine is made when the order leaves (toSalesLine, the one place of the sales
   * rules, and the one place the hot path makes SalesLines: objects of one shape from one site).
   */
  addLine(orderId: number, lineId: number, variantId: number | null, sku: string | null, quantity: number, currentQuantity: number, discountedTotalCents: number): boolean {
    const slot = this.slotOf.get(orderId);
    if (slot === undefined) return false;
    const l = this.takeLineSlot();
    this.lineId[l] = lineId;
    this.variantId[l] = variantId === null ? -1 : variantId;
    this.quantity[l] = quantity;
    this.currentQuantity[l] = currentQuantity;
    this.discountedTotalCents[l] = discountedTotalCents;
    this.nextLine[l] = NO_LINE;
    if (variantId === null) this.skus.set(l, sku);
    if (this.lastLine[slot] === NO_LINE) this.firstLine[slot] = l;
    else this.nextLine[this.lastLine[slot]] = l;
    this.lastLine[slot] = l;
    return true;
  }

  /** The export line of the oldest pending order, or undefined when none is pending. */
  oldestLineIndex(): number | undefined {
    return this.count === 0 ? undefined : this.lineIndex[this.head];
  }

  /** Removes the oldest order: fills `into` with its fields and returns its lines with current units. */
  shift(into: PendingOrderHeader): SalesLine[] {
    if (this.count === 0) throw new RangeError("no order is pending");
    const slot = this.head;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    const orderId = this.orderId[slot];
    this.slotOf.delete(orderId);
    into.orderId = orderId;
    into.processedAtMs = this.processedAtMs[slot];
    into.shopifyUpdatedAtMs = this.updatedAtMs[slot];
    into.lineIndex = this.lineIndex[slot];
    into.isCounted = this.counted[slot] === 1;
    const customer = this.customer[slot];
    if (customer === NO_CUSTOMER) {
      into.customer = null;
    } else if (customer === ODD_CUSTOMER) {
      into.customer = this.oddCustomers.get(slot) ?? null;
      this.oddCustomers.delete(slot);
    } else {
      into.customer = customer;
    }
    const lines: SalesLine[] = [];
    for (let l = this.firstLine[slot]; l !== NO_LINE; ) {
      const variantId = this.variantId[l];
      let sku: string | null = null;
      if (variantId < 0) {
        sku = this.skus.get(l) ?? null;
        this.skus.delete(l);
      }
      const line = toSalesLine({
        lineId: this.lineId[l],
        variantId: variantId < 0 ? null : variantId,
        sku,
        quantity: this.quantity[l],
        currentQuantity: this.currentQuantity[l],
        discountedTotalCents: this.discountedTotalCents[l],
      });
      if (line !== null) lines.push(line);
      const next = this.nextLine[l];
      this.nextLine[l] = this.freeLine;
      this.freeLine = l;
      l = next;
    }
    return lines;
  }

  private takeLineSlot(): number {
    if (this.freeLine !== NO_LINE) {
      const l = this.freeLine;
      this.freeLine = this.nextLine[l];
      return l;
    }
    if (this.linesUsed === this.lineId.length) this.growLines();
    return this.linesUsed++;
  }

  /** Orders with many lines: the pool doubles (never shrinks; it lives as long as one export). */
  private growLines(): void {
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(old.length * 2);
      next.set(old);
      return next;
    };
    this.lineId = grow(this.lineId, (n) => new Float64Array(n));
    this.variantId = grow(this.variantId, (n) => new Float64Array(n));
    this.quantity = grow(this.quantity, (n) => new Float64Array(n));
    this.currentQuantity = grow(this.currentQuantity, (n) => new Float64Array(n));
    this.discountedTotalCents = grow(this.discountedTotalCents, (n) => new Float64Array(n));
    this.nextLine = grow(this.nextLine, (n) => new Int32Array(n));
  }
}
