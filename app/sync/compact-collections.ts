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
 */
export class DigestPrefixSet {
  private words: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.words = new Uint32Array(capacity * 4);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds a digest; true when it was not there yet. */
  add(hexDigest: string): boolean {
    if (!/^[0-9a-f]{32}/.test(hexDigest)) throw new RangeError("DigestPrefixSet takes lower-case hex digests of at least 128 bits");
    const a = parseInt(hexDigest.slice(0, 8), 16) >>> 0;
    const b = parseInt(hexDigest.slice(8, 16), 16) >>> 0;
    const c = parseInt(hexDigest.slice(16, 24), 16) >>> 0;
    const d = parseInt(hexDigest.slice(24, 32), 16) >>> 0;
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    return this.insert(a, b, c, d);
  }

  private insert(a: number, b: number, c: number, d: number): boolean {
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const w = i * 4;
      if (this.used[i] === 0) {
        this.used[i] = 1;
        this.words[w] = a;
        this.words[w + 1] = b;
        this.words[w + 2] = c;
        this.words[w + 3] = d;
        this.size += 1;
        return true;
      }
      if (this.words[w] === a && this.words[w + 1] === b && this.words[w + 2] === c && this.words[w + 3] === d) return false;
    }
  }

  private grow(): void {
    const oldWords = this.words;
    const oldUsed = this.used;
    this.words = new Uint32Array(oldWords.length * 2);
    this.used = new Uint8Array(oldUsed.length * 2);
    this.mask = this.used.length - 1;
    this.size = 0;
    for (let i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i] === 1) this.insert(oldWords[i * 4], oldWords[i * 4 + 1], oldWords[i * 4 + 2], oldWords[i * 4 + 3]);
    }
  }
}
