/**
 * Two collections a million-order backfill needs, without a JS object (or Map entry of ~40 bytes)
 * per element: memory is what bounds a backfill inside the app's process.
 */

/** Map from non-negative 31-bit integers to non-negative integers, open addressing in typed arrays. */
export class IntIntMap {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.keys = new Int32Array(capacity).fill(-1);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private static slot(key: number, mask: number): number {
    // Multiplicative hashing spreads consecutive keys over the table.
    return Math.imul(key, 0x9e3779b1) >>> 0 & mask;
  }

  get(key: number): number | undefined {
    for (let i = IntIntMap.slot(key, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === key) return this.values[i];
      if (k === -1) return undefined;
    }
  }

  set(key: number, value: number): void {
    if (key < 0 || key > 0x7fffffff || !Number.isInteger(key)) throw new RangeError(`IntIntMap keys are 31-bit integers (got ${key})`);
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    for (let i = IntIntMap.slot(key, this.mask); ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === key) {
        this.values[i] = value;
        return;
      }
      if (k === -1) {
        this.keys[i] = key;
        this.values[i] = value;
        this.size += 1;
        return;
      }
    }
  }

  /** Calls `fn(key, value)` for every entry, in no particular order. */
  forEach(fn: (key: number, value: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) fn(this.keys[i], this.values[i]);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== -1) this.set(oldKeys[i], oldValues[i]);
  }
}

/**
 * A set of SHA-256 hex digests that keeps their first 128 bits (16 bytes each, in one typed
 * array). Two different customers colliding in 128 bits of SHA-256 is a 2⁻⁶⁴-scale event even
 * for billions of customers: as exact as comparing the full digests, at a sixth of the memory.
 * An all-zero slot means empty (linear probing, at most 3/4 full); the one digest whose prefix is
 * all zeros is remembered by a flag of its own.
 */
export class DigestPrefixSet {
  private words: Uint32Array;
  private mask: number;
  private hasZero = false;
  size = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    while (capacity * 3 < initialCapacity * 4) capacity *= 2;
    this.words = new Uint32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  /** Adds a digest; true when it was not there yet. */
  add(hexDigest: string): boolean {
    const a = hexWord(hexDigest, 0);
    const b = hexWord(hexDigest, 8);
    const c = hexWord(hexDigest, 16);
    const d = hexWord(hexDigest, 24);
    if (a < 0 || b < 0 || c < 0 || d < 0) throw new RangeError("DigestPrefixSet takes lower-case hex digests of at least 128 bits");
    if ((a | b | c | d) === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.size += 1;
      return true;
    }
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    if (!this.insert(a, b, c, d)) return false;
    this.size += 1;
    return true;
  }

  private insert(a: number, b: number, c: number, d: number): boolean {
    const words = this.words;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const w = i * 4;
      const a0 = words[w];
      const b0 = words[w + 1];
      const c0 = words[w + 2];
      const d0 = words[w + 3];
      if ((a0 | b0 | c0 | d0) === 0) {
        words[w] = a;
        words[w + 1] = b;
        words[w + 2] = c;
        words[w + 3] = d;
        return true;
      }
      if (a0 === a && b0 === b && c0 === c && d0 === d) return false;
    }
  }

  private grow(): void {
    const old = this.words;
    this.words = new Uint32Array(old.length * 2);
    this.mask = this.words.length / 4 - 1;
    for (let w = 0; w < old.length; w += 4) {
      if ((old[w] | old[w + 1] | old[w + 2] | old[w + 3]) !== 0) this.insert(old[w], old[w + 1], old[w + 2], old[w + 3]);
    }
  }
}

/** The 32-bit word of 8 lower-case hex digits at `offset`, or -1 when they are not that. */
function hexWord(text: string, offset: number): number {
  if (text.length < offset + 8) return -1;
  let word = 0;
  for (let i = offset; i < offset + 8; i++) {
    const code = text.charCodeAt(i);
    let digit: number;
    if (code >= 48 && code <= 57) digit = code - 48;
    else if (code >= 97 && code <= 102) digit = code - 87;
    else return -1;
    word = (word << 4) | digit;
  }
  return word >>> 0;
}
