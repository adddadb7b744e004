/**
 * One emulated shop: its store data, lookup indexes over it, its rate-limit bucket and its faults.
 * Store data may be changed in place (store mutations); call `touch()` afterwards so the indexes and
 * the sorted order lists are rebuilt on next use.
 */
import type {
  StoreData,
  StoreLocation,
  StoreOrder,
  StoreOrderLine,
  StoreProduct,
  StoreVariant,
} from "./store/types";
import { LeakyBucket } from "./cost";
import { FaultState } from "./faults";
import type { EmulatorBehaviour } from "./options";
import { ScopeSet } from "./scopes";

export type OrderSortKey = "PROCESSED_AT" | "CREATED_AT" | "UPDATED_AT" | "ID";

/** Lookup structures, each built on first use (a million-order store should not pay for unused ones). */
interface Indexes {
  orders?: Map<number, StoreOrder>;
  lines?: Map<number, { order: StoreOrder; line: StoreOrderLine }>;
  products?: Map<number, StoreProduct>;
  variants?: Map<number, StoreVariant>;
  variantsByInventoryItem?: Map<number, StoreVariant>;
  locations?: Map<number, StoreLocation>;
  customers?: Set<number>;
  sortedOrders: Map<OrderSortKey, StoreOrder[]>;
}

export class ShopState {
  readonly domain: string;
  /** Numeric shop id (gid://shopify/Shop/<id>), stable for a domain. */
  readonly shopId: number;
  readonly bucket: LeakyBucket;
  readonly faults = new FaultState();
  private indexes: Indexes | null = null;

  constructor(
    public data: StoreData,
    behaviour: EmulatorBehaviour,
    now: () => number,
  ) {
    this.domain = data.shop.domain;
    this.shopId = stableShopId(data.shop.domain);
    this.bucket = new LeakyBucket(behaviour.rateLimit.maximumAvailable, behaviour.rateLimit.restoreRate, now);
  }

  /** Replaces the data (same domain) and drops every index. */
  replaceData(data: StoreData): void {
    if (data.shop.domain !== this.domain) {
      throw new Error(`Cannot replace ${this.domain} with a store for ${data.shop.domain}`);
    }
    this.data = data;
    this.touch();
  }

  /** The data changed in place: rebuild indexes on next use. */
  touch(): void {
    this.indexes = null;
  }

  /** The token's scopes, minus any the ACCESS_DENIED fault has revoked. */
  scopes(): ScopeSet {
    const revoked = new Set(this.faults.current.revokedScopes ?? []);
    return new ScopeSet(this.data.shop.scopes.filter((scope) => !revoked.has(scope)));
  }

  private index(): Indexes {
    if (!this.indexes) this.indexes = { sortedOrders: new Map() };
    return this.indexes;
  }

  order(id: number): StoreOrder | undefined {
    const index = this.index();
    index.orders ??= new Map(this.data.orders.map((o) => [o.id, o]));
    return index.orders.get(id);
  }

  lineItem(id: number): { order: StoreOrder; line: StoreOrderLine } | undefined {
    const index = this.index();
    if (!index.lines) {
      index.lines = new Map();
      for (const order of this.data.orders) for (const line of order.lines) index.lines.set(line.id, { order, line });
    }
    return index.lines.get(id);
  }

  product(id: number): StoreProduct | undefined {
    const index = this.index();
    index.products ??= new Map(this.data.products.map((p) => [p.id, p]));
    return index.products.get(id);
  }

  /** Any variant, deleted or not (order lines still know deleted variants' ids). */
  variantRecord(id: number): StoreVariant | undefined {
    const index = this.index();
    index.variants ??= new Map(this.data.variants.map((v) => [v.id, v]));
    return index.variants.get(id);
  }

  /** A variant the catalog still shows. */
  variant(id: number): StoreVariant | undefined {
    const variant = this.variantRecord(id);
    return variant && !variant.deleted ? variant : undefined;
  }

  variantByInventoryItem(inventoryItemId: number): StoreVariant | undefined {
    const index = this.index();
    index.variantsByInventoryItem ??= new Map(this.data.variants.map((v) => [v.inventoryItemId, v]));
    const variant = index.variantsByInventoryItem.get(inventoryItemId);
    return variant && !variant.deleted ? variant : undefined;
  }

  location(id: number): StoreLocation | undefined {
    const index = this.index();
    index.locations ??= new Map(this.data.locations.map((l) => [l.id, l]));
    return index.locations.get(id);
  }

  hasCustomer(id: number): boolean {
    const index = this.index();
    if (!index.customers) {
      index.customers = new Set();
      for (const order of this.data.orders) if (order.customerId !== null) index.customers.add(order.customerId);
    }
    return index.customers.has(id);
  }

  /** All orders sorted by the key (ties by id), cached until the data changes. */
  ordersSortedBy(key: OrderSortKey): readonly StoreOrder[] {
    const { sortedOrders } = this.index();
    let sorted = sortedOrders.get(key);
    if (!sorted && key === "ID") {
      // The contract says orders are sorted by id; trust but verify (a mutation may append out of order).
      const orders = this.data.orders;
      let ascending = true;
      for (let i = 1; i < orders.length && ascending; i++) ascending = orders[i - 1].id < orders[i].id;
      sorted = ascending ? orders : [...orders].sort((a, b) => a.id - b.id);
      sortedOrders.set(key, sorted);
    }
    if (!sorted) {
      const field = key === "PROCESSED_AT" ? "processedAt" : key === "CREATED_AT" ? "createdAt" : "updatedAt";
      sorted = [...this.data.orders].sort((a, b) => a[field] - b[field] || a.id - b.id);
      sortedOrders.set(key, sorted);
    }
    return sorted;
  }
}

/** FNV-1a of the domain, kept below 2^40 so it reads like a Shopify shop id. */
function stableShopId(domain: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < domain.length; i++) {
    hash ^= domain.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 50_000_000_000 + (hash % 10_000_000_000);
}
