/**
 * Changes to a store the way they happen in a live shop, so integration tests can prove that an
 * incremental sync ends up exactly at the new ground truth. Every order change sets the order's
 * updatedAt to `now`; time never runs backwards (a `now` before the order's last change is an
 * error). Each function validates everything first: on error it throws and changes nothing.
 */
import type { StoreData, StoreInventoryLevel, StoreOrder, StoreOrderLine, StoreRefund, StoreVariant } from "./types";

export class StoreMutationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreMutationError";
  }
}

/** Next free id per store: above every id in it, so ids stay unique and inside the shop's id block. */
const idCache = new WeakMap<StoreData, { nextId: number; orderCount: number; lastOrderId: number | undefined }>();

function allocateId(store: StoreData): number {
  const lastOrderId = store.orders.at(-1)?.id;
  let cached = idCache.get(store);
  if (cached === undefined || cached.orderCount !== store.orders.length || cached.lastOrderId !== lastOrderId) {
    cached = { nextId: maxIdIn(store) + 1, orderCount: store.orders.length, lastOrderId };
    idCache.set(store, cached);
  }
  const id = cached.nextId;
  cached.nextId += 1;
  return id;
}

function noteOrderAppended(store: StoreData): void {
  const cached = idCache.get(store);
  if (cached) {
    cached.orderCount = store.orders.length;
    cached.lastOrderId = store.orders.at(-1)?.id;
  }
}

function maxIdIn(store: StoreData): number {
  let max = 0;
  for (const l of store.locations) max = Math.max(max, l.id);
  for (const p of store.products) max = Math.max(max, p.id);
  for (const v of store.variants) max = Math.max(max, v.id, v.inventoryItemId);
  for (const o of store.orders) {
    max = Math.max(max, o.id, o.customerId ?? 0);
    for (const line of o.lines) max = Math.max(max, line.id);
    for (const r of o.refunds) max = Math.max(max, r.id);
  }
  return max;
}

function findOrder(store: StoreData, orderId: number): StoreOrder {
  // Orders are sorted by id: binary search keeps this cheap on the million-order store.
  let lo = 0;
  let hi = store.orders.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = store.orders[mid];
    if (order.id === orderId) return order;
    if (order.id < orderId) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new StoreMutationError(`No order ${orderId} in ${store.shop.domain}`);
}

function findLine(order: StoreOrder, lineId: number): StoreOrderLine {
  const line = order.lines.find((l) => l.id === lineId);
  if (!line) throw new StoreMutationError(`Order ${order.id} has no line item ${lineId}`);
  return line;
}

function findVariant(store: StoreData, variantId: number): StoreVariant {
  const variant = store.variants.find((v) => v.id === variantId);
  if (!variant) throw new StoreMutationError(`No variant ${variantId} in ${store.shop.domain}`);
  return variant;
}

function assertTime(now: number, notBefore: number, what: string): void {
  if (!Number.isFinite(now)) throw new StoreMutationError(`now must be a finite epoch-ms time (got ${now})`);
  if (now < notBefore) {
    throw new StoreMutationError(`now (${new Date(now).toISOString()}) is before ${what} (${new Date(notBefore).toISOString()}); time cannot run backwards`);
  }
}

function assertUnits(units: number, max: number, what: string): void {
  if (!Number.isSafeInteger(units) || units < 1) throw new StoreMutationError(`${what}: units must be a whole number ≥ 1 (got ${units})`);
  if (units > max) throw new StoreMutationError(`${what}: ${units} units asked but only ${max} remain on the line`);
}

export type RestockType = StoreRefund["lines"][number]["restockType"];

/** Refunds `units` of one line (a return): a Refund record, currentQuantity drops by `units`. */
export function refundLine(store: StoreData, orderId: number, lineId: number, units: number, now: number, restockType: RestockType = "RETURN"): StoreRefund {
  const order = findOrder(store, orderId);
  const line = findLine(order, lineId);
  assertTime(now, order.updatedAt, `order ${orderId}'s last change`);
  assertUnits(units, line.currentQuantity, `refund of line ${lineId}`);
  const refund: StoreRefund = { id: allocateId(store), createdAt: now, lines: [{ lineItemId: line.id, quantity: units, restockType }] };
  line.currentQuantity -= units;
  order.refunds.push(refund);
  order.updatedAt = now;
  return refund;
}

export interface CancelOptions {
  /** Refund and restock every remaining unit (a CANCEL refund; currentQuantity → 0). Default true. */
  restock?: boolean;
}

export function cancelOrder(store: StoreData, orderId: number, now: number, options: CancelOptions = {}): StoreOrder {
  const order = findOrder(store, orderId);
  if (order.cancelledAt !== null) throw new StoreMutationError(`Order ${orderId} is already cancelled`);
  assertTime(now, order.updatedAt, `order ${orderId}'s last change`);
  if (options.restock ?? true) {
    const remaining = order.lines.filter((l) => l.currentQuantity > 0);
    if (remaining.length > 0) {
      order.refunds.push({
        id: allocateId(store),
        createdAt: now,
        lines: remaining.map((l) => ({ lineItemId: l.id, quantity: l.currentQuantity, restockType: "CANCEL" as const })),
      });
      for (const line of remaining) line.currentQuantity = 0;
    }
  }
  order.cancelledAt = now;
  order.updatedAt = now;
  return order;
}

/** Sets the order's test flag (default: marks it as a test order). */
export function markTest(store: StoreData, orderId: number, now: number, test = true): StoreOrder {
  const order = findOrder(store, orderId);
  if (order.test === test) throw new StoreMutationError(`Order ${orderId} already has test = ${test}`);
  assertTime(now, order.updatedAt, `order ${orderId}'s last change`);
  order.test = test;
  order.updatedAt = now;
  return order;
}

/** An order edit that takes units out of a line: currentQuantity drops, no refund is recorded. */
export function editRemoveUnits(store: StoreData, orderId: number, lineId: number, units: number, now: number): StoreOrder {
  const order = findOrder(store, orderId);
  if (order.cancelledAt !== null) throw new StoreMutationError(`Order ${orderId} is cancelled and cannot be edited`);
  const line = findLine(order, lineId);
  assertTime(now, order.updatedAt, `order ${orderId}'s last change`);
  assertUnits(units, line.currentQuantity, `edit of line ${lineId}`);
  line.currentQuantity -= units;
  order.updatedAt = now;
  return order;
}

export interface NewOrderLine {
  /** The variant, by id or by SKU (one of the two). */
  variantId?: number;
  sku?: string;
  quantity: number;
  /** Default: the variant's price. */
  unitPriceCents?: number;
  /** Line total after line-level discounts; default quantity × unitPriceCents. */
  discountedTotalCents?: number;
}

export interface NewOrder {
  lines: NewOrderLine[];
  /** Default null (a guest checkout). */
  customerId?: number | null;
  /** Default `now`; earlier for an imported order. */
  processedAt?: number;
  test?: boolean;
  /** Default "#<1001 + number of orders>". */
  name?: string;
  /** Placing the order moves units from available to committed (Shopify's rule). Default true. */
  commitInventory?: boolean;
}

/** Places a new order at `now` (its createdAt); returns it. It is appended with the next id. */
export function addOrder(store: StoreData, input: NewOrder, now: number): StoreOrder {
  const lastCreatedAt = store.orders.at(-1)?.createdAt ?? Number.NEGATIVE_INFINITY;
  assertTime(now, lastCreatedAt, "the newest order's createdAt");
  if (input.lines.length === 0) throw new StoreMutationError("A new order needs at least one line");
  const processedAt = input.processedAt ?? now;
  if (!Number.isFinite(processedAt) || processedAt > now) throw new StoreMutationError(`processedAt (${processedAt}) must be a time no later than now`);
  const resolved = input.lines.map((line, index) => resolveNewLine(store, line, index));

  const orderId = allocateId(store);
  const lines: StoreOrderLine[] = resolved.map(({ variant, quantity, unitPriceCents, discountedTotalCents }) => ({
    id: allocateId(store),
    variantId: variant.id,
    sku: variant.sku,
    title: store.products.find((p) => p.id === variant.productId)?.title ?? variant.title,
    quantity,
    currentQuantity: quantity,
    unitPriceCents,
    discountedTotalCents,
  }));
  const order: StoreOrder = {
    id: orderId,
    name: input.name ?? `#${1001 + store.orders.length}`,
    createdAt: now,
    processedAt,
    updatedAt: now,
    cancelledAt: null,
    test: input.test ?? false,
    customerId: input.customerId ?? null,
    lines,
    refunds: [],
  };
  store.orders.push(order);
  noteOrderAppended(store);
  if (input.commitInventory ?? true) {
    for (const { variant, quantity } of resolved) commitUnits(variant, quantity, now);
  }
  return order;
}

function resolveNewLine(store: StoreData, line: NewOrderLine, index: number): { variant: StoreVariant; quantity: number; unitPriceCents: number; discountedTotalCents: number } {
  const where = `line ${index + 1}`;
  let variant: StoreVariant;
  if (line.variantId !== undefined) {
    variant = findVariant(store, line.variantId);
    if (line.sku !== undefined && line.sku !== variant.sku) throw new StoreMutationError(`${where}: SKU "${line.sku}" does not match variant ${variant.id} (SKU "${variant.sku}")`);
  } else if (line.sku !== undefined) {
    const matches = store.variants.filter((v) => v.sku === line.sku && !v.deleted);
    if (matches.length === 0) throw new StoreMutationError(`${where}: no variant has SKU "${line.sku}"`);
    if (matches.length > 1) throw new StoreMutationError(`${where}: SKU "${line.sku}" is shared by variants ${matches.map((v) => v.id).join(", ")}; pass variantId`);
    variant = matches[0];
  } else {
    throw new StoreMutationError(`${where}: give variantId or sku`);
  }
  if (variant.deleted) throw new StoreMutationError(`${where}: variant ${variant.id} is deleted and cannot be ordered`);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new StoreMutationError(`${where}: quantity must be a whole number ≥ 1 (got ${line.quantity})`);
  const unitPriceCents = line.unitPriceCents ?? variant.priceCents;
  if (!Number.isSafeInteger(unitPriceCents) || unitPriceCents < 0) throw new StoreMutationError(`${where}: unitPriceCents must be a whole number ≥ 0`);
  const grossCents = unitPriceCents * line.quantity;
  const discountedTotalCents = line.discountedTotalCents ?? grossCents;
  if (!Number.isSafeInteger(discountedTotalCents) || discountedTotalCents < 0 || discountedTotalCents > grossCents) {
    throw new StoreMutationError(`${where}: discountedTotalCents must be a whole number between 0 and ${grossCents} (got ${discountedTotalCents})`);
  }
  return { variant, quantity: line.quantity, unitPriceCents, discountedTotalCents };
}

/** Commits units at the location with the most available stock (available may go negative: overselling). */
function commitUnits(variant: StoreVariant, quantity: number, now: number): void {
  let best: StoreInventoryLevel | undefined;
  for (const level of variant.inventory) if (best === undefined || level.available > best.available) best = level;
  if (!best) return;
  best.available -= quantity;
  best.committed += quantity;
  best.updatedAt = now;
}

export interface DeleteVariantOptions {
  /**
   * Bump updatedAt of every order with a line of the variant (default true). Whether Shopify does
   * this is unverified; false models the other possibility, where a sync filtering on updated_at
   * does not see the change.
   */
  touchOrders?: boolean;
}

/**
 * Deletes a variant: it leaves the catalog (deleted = true, off its product, no inventory), and
 * every order line pointing at it gets variantId null while keeping its SKU. Returns the ids of
 * the affected orders.
 */
export function deleteVariant(store: StoreData, variantId: number, now: number, options: DeleteVariantOptions = {}): number[] {
  const variant = findVariant(store, variantId);
  if (variant.deleted) throw new StoreMutationError(`Variant ${variantId} is already deleted`);
  assertTime(now, variant.updatedAt ?? Number.NEGATIVE_INFINITY, `variant ${variantId}'s last change`);
  const affected = store.orders.filter((o) => o.lines.some((l) => l.variantId === variantId));
  const touchOrders = options.touchOrders ?? true;
  if (touchOrders) {
    for (const order of affected) assertTime(now, order.updatedAt, `order ${order.id}'s last change`);
  }
  variant.deleted = true;
  variant.updatedAt = now;
  variant.inventory = [];
  const product = store.products.find((p) => p.id === variant.productId);
  if (product) {
    product.variantIds = product.variantIds.filter((id) => id !== variantId);
    product.updatedAt = Math.max(product.updatedAt, now);
  }
  for (const order of affected) {
    for (const line of order.lines) if (line.variantId === variantId) line.variantId = null;
    if (touchOrders) order.updatedAt = now;
  }
  return affected.map((o) => o.id);
}

export interface InventoryChange {
  available?: number;
  onHand?: number;
  incoming?: number;
  committed?: number;
}

/**
 * Sets quantities of one variant at one location (creating the level if needed). When onHand is
 * not given it moves with available and committed, as on Shopify where both are parts of on_hand.
 * The result must keep on_hand ≥ available + committed.
 */
export function setInventory(store: StoreData, variantId: number, locationId: number, change: InventoryChange, now: number): StoreInventoryLevel {
  const variant = findVariant(store, variantId);
  if (variant.deleted) throw new StoreMutationError(`Variant ${variantId} is deleted; it has no inventory`);
  if (!store.locations.some((l) => l.id === locationId)) throw new StoreMutationError(`No location ${locationId} in ${store.shop.domain}`);
  for (const [name, value] of Object.entries(change)) {
    if (!["available", "onHand", "incoming", "committed"].includes(name)) throw new StoreMutationError(`Unknown inventory quantity "${name}"`);
    if (value !== undefined && !Number.isSafeInteger(value)) throw new StoreMutationError(`${name} must be a whole number (got ${String(value)})`);
  }
  const existing = variant.inventory.find((l) => l.locationId === locationId);
  assertTime(now, existing?.updatedAt ?? Number.NEGATIVE_INFINITY, `the inventory level's last change`);
  const before = existing ?? { locationId, available: 0, onHand: 0, incoming: 0, committed: 0 };
  const available = change.available ?? before.available;
  const committed = change.committed ?? before.committed;
  const incoming = change.incoming ?? before.incoming;
  const onHand = change.onHand ?? before.onHand + (available - before.available) + (committed - before.committed);
  if (committed < 0 || incoming < 0 || onHand < 0) throw new StoreMutationError(`committed, incoming and onHand must be ≥ 0 (got ${committed}, ${incoming}, ${onHand})`);
  if (onHand < available + committed) throw new StoreMutationError(`onHand (${onHand}) must be ≥ available + committed (${available} + ${committed})`);
  const level: StoreInventoryLevel = existing ?? { locationId, available: 0, onHand: 0, incoming: 0, committed: 0, updatedAt: now };
  level.available = available;
  level.committed = committed;
  level.incoming = incoming;
  level.onHand = onHand;
  level.updatedAt = now;
  if (!existing) variant.inventory.push(level);
  return level;
}
