import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Rng,
  deriveSeed,
  logGamma,
  negBinCdf,
  negBinFromMoments,
  negBinLeftover,
  negBinLoss,
  negBinPmf,
  negBinQuantile,
  negBinSf,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  poissonCdf,
  poissonLeftover,
  poissonLoss,
  poissonPmf,
  poissonQuantile,
  poissonSf,
  regularizedBeta,
  regularizedGamma,
  standardNormalLeftover,
  standardNormalLoss,
} from "~/planning/stats";
import { expectRelClose } from "./helpers";

// Reference values: Φ and Φ⁻¹ as tabulated in Abramowitz & Stegun Table 26.1 / 26.5, extended to
// 17 digits with 40-digit arithmetic (mpmath ncdf, erfinv); G(k) = φ(k) − k(1 − Φ(k)) as in
// Silver–Pyke–Thomas Table B.1 (4 decimals there), same arithmetic.
describe("normal distribution", () => {
  it.each([
    [-3, 0.0013498980316300945],
    [-1.5, 0.066807201268858066],
    [0.5, 0.6914624612740131],
    [1, 0.84134474606854295],
    [1.96, 0.97500210485177956],
    [2.5, 0.99379033467422386],
    [3, 0.99865010196836991],
  ])("Φ(%s) = %s", (x, expected) => {
    expectRelClose(normalCdf(x), expected, 1e-12);
  });

  it.each([
    [2.5, 0.0062096653257761352],
    [4, 3.1671241833119921e-5],
    [5, 2.8665157187919391e-7],
    [6, 9.8658764503769814e-10],
    [8.3, 5.205569744890254e-17],
    [10, 7.6198530241605261e-24],
  ])("keeps relative precision in the upper tail: Q(%s) = %s", (x, expected) => {
    expectRelClose(normalSf(x), expected, 1e-12);
  });

  it("differs from the naive 1 − Φ, which is exactly 0 by z = 8.3", () => {
    expect(1 - normalCdf(8.3)).toBe(0);
    expect(normalSf(8.3)).toBeGreaterThan(0);
  });

  it.each([
    [0.5, 0],
    [0.8, 0.84162123357291421],
    [0.9, 1.2815515655446005],
    [0.95, 1.6448536269514727],
    [0.975, 1.9599639845400542],
    [0.99, 2.3263478740408411],
    [0.999, 3.0902323061678135],
    [0.9999, 3.7190164854556806],
    [1e-10, -6.3613409024040562],
    [0.025, -1.9599639845400542],
  ])("Φ⁻¹(%s) = %s", (p, expected) => {
    if (expected === 0) expect(normalQuantile(p)).toBe(0);
    else expectRelClose(normalQuantile(p), expected, 1e-12);
  });

  it("gives ±∞ at 0 and 1 and rejects probabilities outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.2)).toThrow(/0 ≤ p ≤ 1/);
  });

  it.each([
    [-2, 2.0084907026168296],
    [-1, 1.0833154705876863],
    [0, 0.39894228040143268],
    [0.5, 0.19779655740130603],
    [1, 0.083315470587686298],
    [1.5, 0.029306793762604629],
    [2, 0.0084907026168296375],
    [2.5, 0.0020041371791281994],
    [3, 0.0003821543170477236],
    [4, 7.1452584324056668e-6],
    [5, 5.346165533832815e-8],
  ])("standard normal loss G(%s) = %s", (k, expected) => {
    expectRelClose(standardNormalLoss(k), expected, 1e-10);
  });

  it("has leftover Ḡ(k) = k + G(k), symmetric to the loss", () => {
    for (const k of [-3, -0.5, 0, 1.2, 3.5]) expectRelClose(standardNormalLeftover(k), k + standardNormalLoss(k), 1e-10);
  });

  it("keeps Φ + Q = 1, Φ⁻¹(Φ(x)) = x where Φ(x) is representable, and a positive density (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -7, max: 4, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalSf(x) - 1)).toBeLessThan(1e-14);
        expect(Math.abs(normalQuantile(normalCdf(x)) - x)).toBeLessThan(1e-9 * Math.max(1, Math.abs(x)));
        expect(normalPdf(x)).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("log-gamma and incomplete functions", () => {
  it.each([
    [0.5, 0.57236494292470009],
    [3.7, 1.4280723266653881],
    [100, 359.1342053695754],
    [1e-5, 11.512919692895826],
  ])("ln Γ(%s) = %s", (x, expected) => {
    expectRelClose(logGamma(x), expected, 1e-12);
  });

  it("rejects a non-positive argument", () => {
    expect(() => logGamma(0)).toThrow(/x > 0/);
  });

  it("returns complementary incomplete gamma and beta pairs that sum to 1", () => {
    const g = regularizedGamma(4.5, 3.2);
    expect(g.p + g.q).toBeCloseTo(1, 14);
    const b = regularizedBeta(0.3, 2.5, 4);
    expect(b.lower + b.upper).toBeCloseTo(1, 14);
  });
});

describe("Poisson distribution", () => {
  // References: exact sums Σ e^{−m} m^k / k! in 40-digit arithmetic.
  it.each([
    ["pmf(3; 2.5)", () => poissonPmf(3, 2.5), 0.21376301724973645],
    ["cdf(3; 2.5)", () => poissonCdf(3, 2.5), 0.75757613313306596],
    ["cdf(14; 6.3)", () => poissonCdf(14, 6.3), 0.99778287720992684],
    ["sf(14; 6.3)", () => poissonSf(14, 6.3), 0.0022171227900731541],
    ["sf(30; 10)", () => poissonSf(30, 10), 7.9837946599111855e-8],
    ["loss(3; 2.5)", () => poissonLoss(3, 2.5), 0.4131956096908741],
    ["loss(10; 2.5)", () => poissonLoss(10, 2.5), 7.7111135302246396e-5],
    ["loss(20; 15)", () => poissonLoss(20, 15), 0.2123000248586677],
    ["loss(40; 15)", () => poissonLoss(40, 15), 3.598033894864383e-8],
    ["loss(0; 2.5)", () => poissonLoss(0, 2.5), 2.5],
  ])("%s", (_name, compute, expected) => {
    expectRelClose(compute(), expected);
  });

  it("matches Snyder & Shen C.41: n(s) = −(s − m)(1 − F(s)) + m·f(s)", () => {
    for (const [s, m] of [[0, 0.4], [2, 3.1], [7, 5], [25, 18]]) {
      const closed = -(s - m) * (1 - poissonCdf(s, m)) + m * poissonPmf(s, m);
      expectRelClose(poissonLoss(s, m), closed, 1e-9);
    }
  });

  it.each([
    [0.9, 6.3, 10],
    [0.5, 0.2, 0],
    [0.95, 20, 28],
  ])("quantile at %s with mean %s is %s (smallest s with F(s) ≥ q)", (q, mean, expected) => {
    const s = poissonQuantile(q, mean);
    expect(s).toBe(expected);
    expect(poissonCdf(s, mean)).toBeGreaterThanOrEqual(q);
    if (s > 0) expect(poissonCdf(s - 1, mean)).toBeLessThan(q);
  });

  it("treats a zero mean as no demand and rejects a negative one", () => {
    expect(poissonSf(0, 0)).toBe(0);
    expect(poissonLoss(3, 0)).toBe(0);
    expect(poissonLeftover(3, 0)).toBe(3);
    expect(() => poissonSf(1, -1)).toThrow(/mean ≥ 0/);
  });

  it("keeps loss − leftover = mean − x (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 60, noNaN: true }), fc.double({ min: 0, max: 120, noNaN: true }), (m, x) => {
        expect(Math.abs(poissonLoss(x, m) - poissonLeftover(x, m) - (m - x))).toBeLessThan(1e-8 * Math.max(1, m, x));
      }),
      { numRuns: 100 },
    );
  });
});

describe("negative binomial distribution", () => {
  const example = negBinFromMoments(6.3, 10.71); // planning-math §2: r = 9, p = 10/17

  it("moment-matches r = mu²/(Var − mu), p = mu/Var", () => {
    expectRelClose(example.r, 9, 1e-12);
    expectRelClose(example.p, 10 / 17, 1e-12);
    expect(() => negBinFromMoments(5, 4)).toThrow(/variance > mean/);
  });

  it.each([
    ["sf(14; r 9, p 10/17)", () => negBinSf(14, example), 0.017247016311615925],
    ["loss(14; r 9, p 10/17)", () => negBinLoss(14, example), 0.042066223440578706],
    ["pmf(2; r 2.5, p 0.4)", () => negBinPmf(2, { r: 2.5, p: 0.4 }), 0.15937879407248634],
    ["cdf(3; r 2.5, p 0.4)", () => negBinCdf(3, { r: 2.5, p: 0.4 }), 0.55580192155119441],
    ["loss(5; r 2.5, p 0.4)", () => negBinLoss(5, { r: 2.5, p: 0.4 }), 0.74647870252602494],
    ["sf(40; r 2.5, p 0.4)", () => negBinSf(40, { r: 2.5, p: 0.4 }), 4.4199650831756772e-8],
  ])("%s", (_name, compute, expected) => {
    expectRelClose(compute(), expected);
  });

  it("finds the exact 90% quantile (11 units for the §2 example)", () => {
    expect(negBinQuantile(0.9, example)).toBe(11);
    expect(negBinCdf(11, example)).toBeGreaterThanOrEqual(0.9);
    expect(negBinCdf(10, example)).toBeLessThan(0.9);
  });

  it("stays finite and fast for a vanishing mean with a huge variance (no endless tail sum)", () => {
    const nb = { r: 7e-25, p: 1.4e-12 };
    expect(negBinSf(3, nb)).toBeLessThan(1e-15);
    expect(negBinCdf(0, nb)).toBeCloseTo(1, 12);
    expect(Number.isFinite(negBinLoss(3, nb))).toBe(true);
  });

  it("keeps cdf + sf = 1 and loss − leftover = mean − x (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 30, noNaN: true }),
        fc.double({ min: 1.2, max: 6, noNaN: true }),
        fc.integer({ min: 0, max: 150 }),
        (mean, dispersion, s) => {
          const nb = negBinFromMoments(mean, mean * dispersion);
          expect(Math.abs(negBinCdf(s, nb) + negBinSf(s, nb) - 1)).toBeLessThan(1e-12);
          expect(Math.abs(negBinLoss(s, nb) - negBinLeftover(s, nb) - (mean - s))).toBeLessThan(1e-8 * Math.max(1, mean, s));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("seeded PRNG", () => {
  it("repeats the same sequence for the same seed and differs across seeds", () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const c = new Rng(124);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(1, 3));
  });

  it("draws uniforms in [0, 1) with mean ½ and normals with mean 0 and sd 1", () => {
    const rng = new Rng(7);
    let sumU = 0;
    let sumZ = 0;
    let sumZ2 = 0;
    const n = 40_000;
    for (let i = 0; i < n; i += 1) {
      const u = rng.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      sumU += u;
      const z = rng.nextNormal();
      sumZ += z;
      sumZ2 += z * z;
    }
    expect(Math.abs(sumU / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(sumZ / n)).toBeLessThan(0.02);
    expect(Math.abs(sumZ2 / n - 1)).toBeLessThan(0.03);
  });
});
