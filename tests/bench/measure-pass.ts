/**
 * Measures one synchronous pass of a benchmark: wall time, this process's CPU time, bytes the
 * pass allocated on the V8 heap and the garbage-collection pauses it caused. On a machine shared
 * with other work, wall time swings with the neighbours' load; CPU time, allocation and GC counts
 * barely do, so they are the figures to compare between runs and between code versions.
 */
import { GCProfiler } from "node:v8";

export interface PassMeasure<T> {
  value: T;
  wallMs: number;
  /** User + system CPU of the whole process (GC helper threads included), ms. */
  cpuMs: number;
  /** Bytes allocated on the V8 heap during the pass (growth of the used heap + everything GC reclaimed), MB. */
  allocatedMb: number;
  gcPauses: number;
  /** Sum of the main-thread pause times GC reported, ms. */
  gcMs: number;
}

const MB = 1024 * 1024;

/**
 * Runs `fn` once and measures it. Allocation is derived from the GC profiler: what each GC freed
 * (used heap before − after) plus the used heap's growth over the pass, so nothing the pass
 * allocated is missed whether or not a collection reclaimed it.
 */
export function measurePass<T>(fn: () => T): PassMeasure<T> {
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  const { statistics } = profiler.stop();
  let reclaimed = 0;
  let gcMicros = 0;
  for (const gc of statistics) {
    reclaimed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
    gcMicros += gc.cost;
  }
  return {
    value,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    allocatedMb: (heapAfter - heapBefore + reclaimed) / MB,
    gcPauses: statistics.length,
    gcMs: gcMicros / 1000,
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Nearest-rank percentile (p in 0–1). */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}
