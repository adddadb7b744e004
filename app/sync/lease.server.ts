import { randomUUID } from "node:crypto";
import db from "~/db.server";

/**
 * A per-shop lock in the database, so two requests, two processes or two machines never sync one
 * shop at the same time. The lease is a row with an expiry: taking it is one atomic
 * INSERT … ON CONFLICT DO UPDATE that only succeeds when the row is absent, expired, or already
 * ours (PostgreSQL accepts the same statement). A crashed holder's lease simply runs out, and the
 * next taker resumes its run.
 */
export const LEASE_TTL_MS = 120_000;

export interface Lease {
  shop: string;
  holder: string;
}

export function newLeaseHolder(): string {
  return `${process.pid}-${randomUUID()}`;
}

/** Takes the shop's lease for `holder`; false when someone else holds a live one. */
export async function acquireLease(shop: string, holder: string, nowMs: number, ttlMs = LEASE_TTL_MS): Promise<boolean> {
  const now = new Date(nowMs);
  const expiresAt = new Date(nowMs + ttlMs);
  const changed = await db.$executeRaw`
    INSERT INTO "SyncLease" ("shop", "holder", "runId", "expiresAt") VALUES (${shop}, ${holder}, NULL, ${expiresAt})
    ON CONFLICT ("shop") DO UPDATE SET "holder" = excluded."holder", "runId" = NULL, "expiresAt" = excluded."expiresAt"
    WHERE "SyncLease"."expiresAt" < ${now} OR "SyncLease"."holder" = excluded."holder"`;
  return changed === 1;
}

/** Extends our lease (and names the run it protects); false when it was lost to another holder. */
export async function renewLease(shop: string, holder: string, nowMs: number, runId?: string, ttlMs = LEASE_TTL_MS): Promise<boolean> {
  const { count } = await db.syncLease.updateMany({
    where: { shop, holder },
    data: { expiresAt: new Date(nowMs + ttlMs), ...(runId ? { runId } : {}) },
  });
  return count === 1;
}

export async function releaseLease(shop: string, holder: string): Promise<void> {
  await db.syncLease.deleteMany({ where: { shop, holder } });
}

/**
 * The live lease of a shop, if any. Live up to and including its expiry instant, exactly as
 * acquireLease sees it (it takes over only once `expiresAt < now`): at that instant nobody may
 * take it, so it must not look free either.
 */
export async function currentLease(shop: string, nowMs: number) {
  const lease = await db.syncLease.findUnique({ where: { shop } });
  return lease && lease.expiresAt.getTime() >= nowMs ? lease : null;
}
