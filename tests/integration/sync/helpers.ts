/**
 * Shared set-up for the sync's integration tests: the emulator over real HTTP, a shop installed in
 * the test database with the emulator's token, a sync environment with a controllable clock and
 * short poll intervals, and comparisons against the store generator's ground truth.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../shopify-emulator/server";
import { computeGroundTruth, generatePreset, type PresetName, type StoreData } from "../../shopify-emulator/store";
import db from "~/db.server";
import { installShopWithToken } from "../../support/install-shop";
import { createAdminClient } from "~/shopify/admin-client.server";
import { createLogger } from "~/lib/logger.server";
import { defaultSyncEnvironment, type SyncEnvironment } from "~/sync/sync-environment.server";

export const NOW_MS = Date.parse("2026-11-20T12:00:00Z");
export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;
export const FULL_SCOPES = ["read_orders", "read_all_orders", "read_products", "read_inventory", "read_customers"];

/** A clock shared by the emulator and the sync, moved by the test. */
export class TestClock {
  constructor(public ms: number = NOW_MS) {}
  now = (): number => this.ms;
  advance(ms: number): number {
    this.ms += ms;
    return this.ms;
  }
}

export function presetStore(name: PresetName, options: { seed?: string; domain?: string; scopes?: string[]; timeZone?: string; nowMs?: number } = {}): StoreData {
  return generatePreset(name, {
    nowMs: options.nowMs ?? NOW_MS,
    seed: options.seed,
    shop: {
      ...(options.domain ? { domain: options.domain, accessToken: `shpat_${options.domain}` } : {}),
      ...(options.timeZone ? { ianaTimezone: options.timeZone } : {}),
      scopes: options.scopes ?? FULL_SCOPES,
    },
  });
}

export async function startTestEmulator(stores: StoreData[], clock: TestClock, options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ stores, now: clock.now, ...options });
}

/** Installs the store's shop in the app database as OAuth would: Shop row, settings, offline session. */
export async function installStore(store: StoreData, options: { scopes?: string[]; backfillMonths?: number } = {}): Promise<string> {
  const domain = store.shop.domain;
  const scopes = (options.scopes ?? store.shop.scopes).join(",");
  await installShopWithToken(domain, scopes, store.shop.accessToken);
  if (options.backfillMonths !== undefined) {
    await db.shopSettings.update({ where: { shop: domain }, data: { backfillMonths: options.backfillMonths } });
  }
  return domain;
}

/**
 * Sleeps in virtual time: the shared clock jumps by the requested time (so the emulator's rate
 * limit bucket refills and poll backoffs elapse) while the test only yields briefly.
 */
export function virtualSleep(clock: TestClock): (ms: number) => Promise<void> {
  return (ms) => {
    clock.advance(ms);
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
  };
}

export function testEnvironment(emulator: Emulator, clock: TestClock, overrides: Partial<SyncEnvironment> = {}): SyncEnvironment {
  const sleep = virtualSleep(clock);
  return defaultSyncEnvironment({
    now: clock.now,
    sleep,
    clientFor: async (shop) => {
      const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
      return createAdminClient({ shop, accessToken: session.accessToken, origin: emulator.origin, now: clock.now, sleep });
    },
    logger: createLogger({ component: "sync-test" }),
    pollBaseMs: 10,
    pollMaxMs: 100,
    ...overrides,
  });
}

export interface SalesRow {
  units: number;
  revenueCents: number;
  orders: number;
  repeatUnits: number;
}

/** DailySales of a shop keyed "variantId|day". */
export async function dailySalesOf(shop: string): Promise<Map<string, SalesRow>> {
  const rows = await db.dailySales.findMany({ where: { shop } });
  return new Map(rows.map((r) => [`${r.variantId}|${r.day}`, { units: r.units, revenueCents: r.revenueCents, orders: r.orders, repeatUnits: r.repeatUnits }]));
}

/** The generator's ground truth in the same shape. */
export function truthOf(store: StoreData, options: { fromDay?: string } = {}): Map<string, SalesRow> {
  const truth = new Map<string, SalesRow>();
  for (const [key, row] of computeGroundTruth(store)) {
    if (options.fromDay && row.day < options.fromDay) continue;
    truth.set(key, { units: row.units, revenueCents: row.revenueCents, orders: row.orders, repeatUnits: row.repeatUnits });
  }
  return truth;
}

/** Keys whose rows differ (for readable failures), at most `limit`. */
export function differences(actual: Map<string, SalesRow>, expected: Map<string, SalesRow>, limit = 10): string[] {
  const out: string[] = [];
  for (const key of new Set([...actual.keys(), ...expected.keys()])) {
    const a = actual.get(key);
    const e = expected.get(key);
    if (JSON.stringify(a) !== JSON.stringify(e)) out.push(`${key}: app ${JSON.stringify(a)} vs truth ${JSON.stringify(e)}`);
    if (out.length >= limit) break;
  }
  return out;
}

/** The value, or a test failure naming what was missing (instead of a non-null assertion). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}
