/**
 * Thin glue between JSON descriptions (CLI flags, control-endpoint bodies) and the store helpers in
 * ./store: which store to serve, and which change to apply to it. Validation errors name the
 * offending field; nothing is changed when a description is invalid.
 */
import fs from "node:fs";
import path from "node:path";
import {
  addOrder,
  cancelOrder,
  deleteVariant,
  editRemoveUnits,
  generatePreset,
  isPresetName,
  loadStoreFromFiles,
  markTest,
  PRESET_NAMES,
  refundLine,
  setInventory,
  type InventoryChange,
  type NewOrder,
  type RestockType,
  type StoreData,
} from "./store";

export interface StoreSourceOptions {
  /** End of a generated store's history. */
  nowMs: number;
  seed?: string;
  /** Replaces the store's granted scopes. */
  scopes?: string[];
}

/**
 * A preset name (toy, small, demo, bench) or a directory holding catalog.jsonl and orders.jsonl.
 */
export async function loadStoreSource(spec: string, options: StoreSourceOptions): Promise<StoreData> {
  let store: StoreData;
  if (isPresetName(spec)) {
    store = generatePreset(spec, { nowMs: options.nowMs, seed: options.seed });
  } else {
    const dir = path.resolve(spec);
    const catalogPath = path.join(dir, "catalog.jsonl");
    const ordersPath = path.join(dir, "orders.jsonl");
    if (!fs.existsSync(catalogPath) || !fs.existsSync(ordersPath)) {
      throw new Error(`--store "${spec}" is neither a preset (${PRESET_NAMES.join(", ")}) nor a directory with catalog.jsonl and orders.jsonl`);
    }
    store = await loadStoreFromFiles({ catalogPath, ordersPath });
  }
  if (options.scopes) store.shop.scopes = [...options.scopes];
  return store;
}

/** For the control endpoint: `{ "preset": "demo", "seed": "b", "scopes": [...] }` or `{ "dir": "/path" }`. */
export function storeLoader(now: () => number) {
  return async (source: unknown): Promise<StoreData> => {
    const raw = asRecord(source, "source");
    const scopes = raw.scopes === undefined ? undefined : stringList(raw.scopes, "source.scopes");
    const seed = raw.seed === undefined ? undefined : String(raw.seed);
    if (typeof raw.preset === "string") return loadStoreSource(raw.preset, { nowMs: now(), seed, scopes });
    if (typeof raw.dir === "string") return loadStoreSource(raw.dir, { nowMs: now(), scopes });
    throw new Error('source needs "preset" or "dir"');
  };
}

/**
 * Applies one change described in JSON, at the emulator's current time:
 *   {type:"refundLine", orderId, lineId, units, restockType?}   {type:"cancelOrder", orderId, restock?}
 *   {type:"markTest", orderId, test?}   {type:"editRemoveUnits", orderId, lineId, units}
 *   {type:"addOrder", order}   {type:"deleteVariant", variantId, touchOrders?}
 *   {type:"setInventory", variantId, locationId, change}
 */
export function storeMutator(now: () => number) {
  return (data: StoreData, mutation: unknown): void => {
    const m = asRecord(mutation, "mutation");
    const at = now();
    switch (m.type) {
      case "refundLine":
        refundLine(data, int(m.orderId, "orderId"), int(m.lineId, "lineId"), int(m.units, "units"), at, (m.restockType as RestockType | undefined) ?? "RETURN");
        return;
      case "cancelOrder":
        cancelOrder(data, int(m.orderId, "orderId"), at, { restock: m.restock === undefined ? undefined : m.restock === true });
        return;
      case "markTest":
        markTest(data, int(m.orderId, "orderId"), at, m.test === undefined ? true : m.test === true);
        return;
      case "editRemoveUnits":
        editRemoveUnits(data, int(m.orderId, "orderId"), int(m.lineId, "lineId"), int(m.units, "units"), at);
        return;
      case "addOrder":
        addOrder(data, asRecord(m.order, "order") as unknown as NewOrder, at);
        return;
      case "deleteVariant":
        deleteVariant(data, int(m.variantId, "variantId"), at, { touchOrders: m.touchOrders === undefined ? undefined : m.touchOrders === true });
        return;
      case "setInventory":
        setInventory(data, int(m.variantId, "variantId"), int(m.locationId, "locationId"), asRecord(m.change, "change") as InventoryChange, at);
        return;
      default:
        throw new Error(`unknown mutation type ${JSON.stringify(m.type)}`);
    }
  };
}

function asRecord(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function int(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new Error(`${name} must be an integer`);
  return value;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new Error(`${name} must be a list of strings`);
  return value as string[];
}
