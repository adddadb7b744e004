import { addDays, type ShopCalendar } from "./shop-calendar";

/**
 * The daily schedule in the shop's own time: each shop-local day has one slot at the merchant's
 * chosen hour. The "current slot" is the latest one that has begun: today's once the hour has
 * passed, else yesterday's. A shop is due when its last claimed slot is older than the current
 * one, so after any downtime the next check runs one catch-up sync (which reads everything since
 * the last watermark, however many days that spans) instead of one per missed day.
 */
export function currentSlotDay(calendar: ShopCalendar, nowMs: number, syncHourLocal: number): string {
  if (!Number.isInteger(syncHourLocal) || syncHourLocal < 0 || syncHourLocal > 23) {
    throw new RangeError(`syncHourLocal must be an hour 0–23 (got ${syncHourLocal})`);
  }
  const today = calendar.dayOf(nowMs);
  return calendar.hourOf(nowMs) >= syncHourLocal ? today : addDays(today, -1);
}

export function isSlotDue(lastScheduledDay: string | null, slotDay: string): boolean {
  return lastScheduledDay === null || lastScheduledDay < slotDay;
}
