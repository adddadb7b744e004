import fc from "fast-check";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DigestPrefixSet, IntIntMap } from "~/sync/compact-collections";

describe("IntIntMap", () => {
  it("behaves like a Map for any sequence of sets and gets, across growth", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 3000 }), (entries) => {
        const map = new IntIntMap(4);
        const reference = new Map<number, number>();
        for (const [key, value] of entries) {
          map.set(key, value);
          reference.set(key, value);
        }
        expect(map.size).toBe(reference.size);
        for (const [key, value] of reference) expect(map.get(key)).toBe(value);
        expect(map.get(-5 >>> 1)).toBe(reference.get(-5 >>> 1));
      }),
      { numRuns: 50 },
    );
  });

  it("refuses keys it cannot store", () => {
    expect(() => new IntIntMap().set(-1, 1)).toThrow(/31-bit/);
    expect(() => new IntIntMap().set(2 ** 31, 1)).toThrow(/31-bit/);
  });
});

describe("DigestPrefixSet", () => {
  const digest = (n: number) => createHash("sha256").update(`customer:${n}`).digest("hex");

  it("says whether a digest is new, like a Set of the digests, across growth", () => {
    const set = new DigestPrefixSet(2);
    const reference = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const d = digest(i % 3777);
      expect(set.add(d)).toBe(!reference.has(d));
      reference.add(d);
    }
    expect(set.size).toBe(reference.size);
  });

  it("refuses input that is not a hex digest", () => {
    expect(() => new DigestPrefixSet().add("not-a-digest")).toThrow(/hex digests/);
  });
});

describe("DigestPrefixSet at its edges", () => {
  it("keeps a digest whose first 128 bits are all zero apart from the empty slots", () => {
    const set = new DigestPrefixSet(2);
    const zero = `${"0".repeat(32)}${"f".repeat(32)}`;
    expect(set.add(zero)).toBe(true);
    expect(set.add(zero)).toBe(false);
    expect(set.add("0".repeat(31) + "1")).toBe(true);
    expect(set.size).toBe(2);
  });

  it("tells digests apart by any of their first 128 bits, not by the rest", () => {
    // Prefixes from a small pool that share their first word (same probe start) and differ in one other word.
    const prefixArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 40 })).map(([first, word, value]) => {
      const words = [first, 0, 0, 0];
      words[word] = value;
      return words.map((w) => w.toString(16).padStart(8, "0")).join("");
    });
    fc.assert(
      fc.property(fc.array(prefixArb, { maxLength: 300 }), (prefixes) => {
        const set = new DigestPrefixSet(2);
        const reference = new Set<string>();
        for (const prefix of prefixes) {
          expect(set.add(`${prefix}${"ab".repeat(16)}`)).toBe(!reference.has(prefix));
          reference.add(prefix);
          expect(set.add(`${prefix}${"cd".repeat(16)}`)).toBe(false);
        }
        expect(set.size).toBe(reference.size);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses upper-case or short digests", () => {
    expect(() => new DigestPrefixSet().add("A".repeat(64))).toThrow(/hex digests/);
    expect(() => new DigestPrefixSet().add("a".repeat(31))).toThrow(/hex digests/);
  });
});
