// The Node flags every production process that may run a sync starts with: the web server (on
// SQLite it runs the scheduler and the syncs itself), the job worker and the operators' sync CLI.
// package.json (`start`, `start:worker`, `start:sync`), the Procfile and the Dockerfile spell them
// out; tests/unit/deploy checks that they agree with this list, and `npm run bench:sync` starts its
// measured process with it.
//
// --heap-growing-percent=30: after each full garbage collection V8 lets the old generation grow
// by 30% of what survived, instead of its default of up to 4×. A backfill promotes a steady
// stream of short-lived orders, and with the default the heap held ~50 MB of dead ones at its
// peak; with 30% the million-order backfill peaks ~90 MB lower for ~2.5 s more CPU
// (docs/benchmarks.md, "Sync"). A cap (--max-old-space-size) would also save memory but would
// stop a process running several syncs at once.
export const PRODUCTION_NODE_FLAGS: readonly string[] = ["--heap-growing-percent=30"];
