import db from "~/db.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { currentLease } from "./lease.server";
import type { RunTrigger } from "./run-machine.server";
import { currentSlotDay, isSlotDue } from "./schedule";
import { createShopCalendar, isValidTimeZone } from "./shop-calendar";
import { activeRunIds, findActiveRun, requestSync, type SyncRequest, type SyncTicket } from "./sync-service.server";

/**
 * The daily scheduler, in-process by default (no external cron needed) and also callable from
 * POST /internal/sync. A tick looks at every installed shop:
 * - a shop whose current daily slot (syncHourLocal in its timezone) has not been claimed is due:
 *   the slot is claimed atomically (so two processes never both start it) and a sync requested;
 *   a shop never synced is due at once (the install backfill);
 * - a shop with an unfinished run nobody holds (its runner died) gets that run resumed.
 * Uninstalled shops (including those whose token Shopify refused with 401) are left alone.
 */
export interface TickOptions {
  nowMs: number;
  /** Runs this process may drive at once; further due shops wait for a later tick. */
  maxConcurrentRuns?: number;
  request?: (request: SyncRequest) => Promise<SyncTicket>;
  logger?: Logger;
}

export interface TickOutcome {
  shop: string;
  reason: "scheduled" | "install" | "resume";
  runId: string | null;
  started: boolean;
}

export async function runSchedulerTick(options: TickOptions): Promise<TickOutcome[]> {
  const { nowMs } = options;
  const request = options.request ?? ((r: SyncRequest) => requestSync(r));
  const log = options.logger ?? createLogger({ component: "sync-scheduler" });
  let capacity = (options.maxConcurrentRuns ?? 2) - activeRunIds().length;
  const outcomes: TickOutcome[] = [];
  const shops = await db.shop.findMany({
    where: { uninstalledAt: null },
    select: { domain: true, ianaTimezone: true, settings: { select: { syncHourLocal: true } } },
    orderBy: { domain: "asc" },
  });
  for (const shop of shops) {
    if (capacity <= 0) break;
    const state = await syncStateOf(shop.domain);
    const active = await findActiveRun(shop.domain);
    if (active) {
      if (activeRunIds().includes(active.id) || (await currentLease(shop.domain, nowMs))) continue;
      const ticket = await request({ shop: shop.domain, trigger: active.trigger as RunTrigger });
      outcomes.push({ shop: shop.domain, reason: "resume", ...ticket });
      if (ticket.started) capacity -= 1;
      continue;
    }
    const timeZone = isValidTimeZone(shop.ianaTimezone) ? shop.ianaTimezone : "UTC";
    const slot = currentSlotDay(createShopCalendar(timeZone), nowMs, shop.settings?.syncHourLocal ?? 3);
    if (!isSlotDue(state.lastScheduledDay, slot)) continue;
    // Claim the slot first: of two processes ticking at once, exactly one sees count 1.
    const { count } = await db.syncState.updateMany({
      where: { shop: shop.domain, OR: [{ lastScheduledDay: null }, { lastScheduledDay: { lt: slot } }] },
      data: { lastScheduledDay: slot },
    });
    if (count !== 1) continue;
    const reason = state.lastSucceededAt ? "scheduled" : "install";
    const ticket = await request({ shop: shop.domain, trigger: reason === "install" ? "install" : "schedule" });
    log.info("daily sync requested", { shop: shop.domain, slot, reason, runId: ticket.runId, started: ticket.started });
    outcomes.push({ shop: shop.domain, reason, ...ticket });
    if (ticket.started) capacity -= 1;
  }
  return outcomes;
}

/**
 * The shop's SyncState row, created when missing. Prisma's upsert reads before it inserts, so two
 * schedulers ticking at once (PostgreSQL: several workers) can both try the insert; the loser of
 * that race (a unique violation, P2002) reads the winner's row.
 */
async function syncStateOf(shop: string) {
  try {
    return await db.syncState.upsert({ where: { shop }, create: { shop }, update: {} });
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : null;
    if (code !== "P2002") throw error;
    return db.syncState.findUniqueOrThrow({ where: { shop } });
  }
}

export interface SchedulerHandle {
  stop(): void;
}

/** Ticks every `intervalMs` until stopped. Errors are logged; the next tick tries again. */
export function startScheduler(options: { intervalMs?: number; now?: () => number; logger?: Logger } = {}): SchedulerHandle {
  const log = options.logger ?? createLogger({ component: "sync-scheduler" });
  const now = options.now ?? Date.now;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runSchedulerTick({ nowMs: now(), logger: log })
      .catch((error: unknown) => log.error("scheduler tick failed", { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  timer.unref();
  setTimeout(tick, 1_000).unref();
  return { stop: () => clearInterval(timer) };
}
