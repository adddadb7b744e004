/**
 * A small seeded pseudo-random generator (xoshiro128**), so a generated store depends only on
 * its seed. Math.random is never used: the same seed must give the same store on every machine.
 */

/** FNV-1a over the UTF-16 code units: turns a string seed or label into 32 bits. */
export function hashString32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function splitMix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const seed32 = typeof seed === "number" ? hashString32(`n:${seed}`) : hashString32(`s:${seed}`);
    const mix = splitMix32(seed32);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    // xoshiro must not start from the all-zero state.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** An independent stream for one concern, so adding draws to one part leaves the others as they were. */
  fork(label: string): Rng {
    return new Rng(`${this.nextUint32()}:${label}`);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick needs a non-empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal multiplier with median 1 and the given sigma. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /** Number of failures before the first success, success probability p (mean (1-p)/p). */
  geometric(p: number): number {
    if (p >= 1) return 0;
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Walker's alias table: O(1) draws from a fixed discrete distribution. The order generator
 * draws millions of line items, so a linear scan over thousands of variants would dominate.
 */
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  /** Position in the table → index in the caller's weight list (zero weights are left out). */
  private readonly outcome: Int32Array;
  private readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const positive: number[] = [];
    let total = 0;
    for (let i = 0; i < weights.length; i += 1) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`AliasTable weight ${i} is ${w}; weights must be finite and >= 0`);
      if (w > 0) {
        positive.push(i);
        total += w;
      }
    }
    if (positive.length === 0) throw new Error("AliasTable needs at least one positive weight");
    const n = positive.length;
    this.size = n;
    this.outcome = Int32Array.from(positive);
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let k = 0; k < n; k += 1) {
      scaled[k] = (weights[positive[k]] * n) / total;
      if (scaled[k] < 1) small.push(k);
      else large.push(k);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small.push(l);
      else large.push(l);
    }
    // Leftovers are within rounding error of 1; every one of them has a positive weight.
    for (const k of large) this.probability[k] = 1;
    for (const k of small) this.probability[k] = 1;
  }

  /** Index into the weight list given to the constructor. */
  sample(rng: Rng): number {
    const column = Math.floor(rng.next() * this.size);
    return this.outcome[rng.next() < this.probability[column] ? column : this.alias[column]];
  }
}
