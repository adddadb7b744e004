/**
 * One-off sync for operators: `npm run sync -- --shop <domain> [--full]` (in production
 * `npm run start:sync -- …` runs this file as built by `npm run build`, with the production Node flags).
 *
 * Runs the same sync the scheduler runs (lease, persisted run, resume), in this process, and
 * prints the run as JSON. --full re-reads the whole history window (a backfill) instead of the
 * changes since the last sync. Exit code 0 when the run succeeded, 1 when it failed (the run's
 * errorCode and errorMessage say why), 2 for bad arguments.
 */
import { parseArgs } from "node:util";

const usage = "usage: npm run sync -- --shop <shop>.myshopify.com [--full]";

async function main(): Promise<number> {
  let values: { shop?: string; full?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { shop: { type: "string" }, full: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.shop || !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(values.shop)) {
    console.error(`--shop must be a myshopify.com domain (got ${JSON.stringify(values.shop ?? null)})\n${usage}`);
    return 2;
  }
  const { runSync } = await import("../app/sync/sync-service.server");
  const { default: db } = await import("../app/db.server");
  const shop = await db.shop.findUnique({ where: { domain: values.shop } });
  if (!shop) {
    console.error(`${values.shop} has not installed Backstop (no Shop row); install the app there first`);
    return 2;
  }
  const run = await runSync({ shop: values.shop, trigger: "cli", full: values.full });
  console.log(JSON.stringify(run, null, 2));
  await db.$disconnect();
  return run.status === "succeeded" ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
