/**
 * What the benchmark watches while the queue drains: database connections (pg_stat_activity,
 * sampled), and the sync queue's job states. Not a test.
 */
import pg from "pg";

export interface ConnectionPeak {
  /** Client connections to the app's database at the busiest sample. */
  peak: number;
  /** That sample, by application_name (pg-boss pools, Prisma, the sync's own connections…). */
  byApplication: Record<string, number>;
  samples: number;
}

export class ConnectionSampler {
  private timer: NodeJS.Timeout | null = null;
  private result: ConnectionPeak = { peak: 0, byApplication: {}, samples: 0 };

  private constructor(
    private readonly client: pg.Client,
    private readonly database: string,
    private readonly ignoredApplications: string[],
  ) {}

  /**
   * Samples every `everyMs` on its own connection to the server's maintenance database; the
   * connections of `ignoredApplications` (the benchmark's own) are not counted.
   */
  static async start(adminUrl: string, database: string, ignoredApplications: string[] = [], everyMs = 200): Promise<ConnectionSampler> {
    const client = new pg.Client({ connectionString: adminUrl, application_name: "bench-sampler" });
    await client.connect();
    const sampler = new ConnectionSampler(client, database, ignoredApplications);
    sampler.timer = setInterval(() => void sampler.sample(), everyMs);
    return sampler;
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client
      .query<{ app: string; n: number }>(
        `SELECT COALESCE(NULLIF(application_name, ''), '(unnamed)') AS app, count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = $1 AND backend_type = 'client backend' AND NOT (application_name = ANY($2::text[]))
          GROUP BY 1`,
        [this.database, this.ignoredApplications],
      )
      .catch(() => ({ rows: [] as { app: string; n: number }[] }));
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    this.result.samples += 1;
    if (total > this.result.peak) this.result = { ...this.result, peak: total, byApplication: Object.fromEntries(rows.map((r) => [r.app, r.n])) };
  }

  async stop(): Promise<ConnectionPeak> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end();
    return this.result;
  }
}

export interface SyncQueueState {
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
}

export async function syncQueueState(client: pg.Client): Promise<SyncQueueState> {
  const { rows } = await client.query<{ state: keyof SyncQueueState; n: number }>(
    `SELECT state::text AS state, count(*)::int AS n FROM pgboss.job WHERE name = 'sync-shop' GROUP BY 1`,
  );
  const state: SyncQueueState = { created: 0, retry: 0, active: 0, completed: 0, failed: 0 };
  for (const row of rows) if (row.state in state) state[row.state] = row.n;
  return state;
}

export interface RetryFigures {
  /** Sync jobs that needed more than one attempt. */
  jobsRetried: number;
  /** Attempts beyond the first, summed. */
  extraAttempts: number;
  /** Jobs per shop (exactly one each when nothing was queued twice). */
  maxJobsPerShop: number;
  deadLetters: number;
}

export async function retryFigures(client: pg.Client): Promise<RetryFigures> {
  const { rows } = await client.query<{ retried: number; extra: number; max_per_shop: number; dead: number }>(`
    SELECT
      (SELECT count(*)::int FROM pgboss.job WHERE name = 'sync-shop' AND retry_count > 0) AS retried,
      (SELECT COALESCE(sum(retry_count), 0)::int FROM pgboss.job WHERE name = 'sync-shop') AS extra,
      (SELECT COALESCE(max(n), 0)::int FROM (SELECT count(*) AS n FROM pgboss.job WHERE name = 'sync-shop' GROUP BY singleton_key) per_shop) AS max_per_shop,
      (SELECT count(*)::int FROM pgboss.job WHERE name = 'dead-letters') AS dead`);
  const row = rows[0];
  return { jobsRetried: row.retried, extraAttempts: row.extra, maxJobsPerShop: row.max_per_shop, deadLetters: row.dead };
}
