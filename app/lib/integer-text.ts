/**
 * The decimal text of a number: exactly `String(value)`, built from a table of three-digit groups
 * for safe integers.
 *
 * Why not `String(value)` or a template literal: V8 turns a number into text through its
 * number-string cache and creates every text it adds to that cache in the old generation, where
 * only a full garbage collection frees it. A backfill turns ~8 million ids and amounts into text,
 * nearly all of them different and dead a few milliseconds later. Text built here is made in the
 * young generation and dies there: an offline run of the backfill's download path went from 56
 * full collections to 16, and the benchmark's download from 19.2–22.6 s to 17.5–19.7 s
 * (docs/benchmarks.md, session 8).
 */

/** "0"…"999". */
const SMALL = Array.from({ length: 1000 }, (_, i) => String(i));
/** "000"…"999": the groups after the first. */
const GROUPS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

export function integerText(value: number): string {
  if (value >= 0 && value < 1000 && Number.isInteger(value)) return SMALL[value];
  if (!Number.isSafeInteger(value)) return String(value);
  if (value < 0) return `-${integerText(-value)}`;
  let rest = value;
  let text = "";
  while (rest >= 1000) {
    // Exact: rest / 1000 is rounded to the nearest double, and for rest < 2^53 the largest
    // fraction (.999) stays more than half a unit in the last place below the next whole number.
    const quotient = Math.floor(rest / 1000);
    text = GROUPS[rest - quotient * 1000] + text;
    rest = quotient;
  }
  return SMALL[rest] + text;
}
