import db from "~/db.server";
import { latestRun } from "./sync-service.server";

/** What the UI shows about syncing: the latest run, and the standing notices of the shop. */
export interface MerchantSyncStatus {
  run: {
    id: string;
    kind: string;
    status: string;
    trigger: string;
    progressPct: number;
    startedAt: string;
    finishedAt: string | null;
    objectsRead: number;
    rowsWritten: number;
    errorCode: string | null;
    errorMessage: string | null;
  } | null;
  lastSucceededAt: string | null;
  /** Only the last 60 days of orders are readable (read_all_orders not granted). */
  historyLimited: boolean;
  historyStartsAt: string | null;
}

export async function describeRunForMerchant(shop: string): Promise<MerchantSyncStatus> {
  const [run, state] = await Promise.all([latestRun(shop), db.syncState.findUnique({ where: { shop } })]);
  return {
    run: run && {
      id: run.id,
      kind: run.kind,
      status: run.status,
      trigger: run.trigger,
      progressPct: Math.round(run.progressPct * 10) / 10,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      objectsRead: run.objectsRead,
      rowsWritten: run.rowsWritten,
      errorCode: run.errorCode,
      errorMessage: run.errorMessage,
    },
    lastSucceededAt: state?.lastSucceededAt?.toISOString() ?? null,
    historyLimited: state?.historyLimited ?? false,
    historyStartsAt: state?.historyStartsAt?.toISOString() ?? null,
  };
}
