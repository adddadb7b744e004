import { describe, expect, it } from "vitest";
import {
  chooseDemandDistribution,
  demandLeftover,
  demandLoss,
  demandQuantile,
  demandSf,
  leadTimeDemandMoments,
} from "~/planning/lead-time-demand";
import { Rng } from "~/planning/stats";
import { expectRelClose } from "./helpers";

describe("leadTimeDemandMoments (mu = d·T, sigma = √(T·sd_d² + d²·sd_L²), T = R + L)", () => {
  it.each([
    // d, sd_d, L, sd_L, R → mu, variance
    [10, 3, 20, 0, 0, 200, 180],
    [10, 3, 20, 5, 0, 200, 180 + 2500],
    [10, 3, 20, 5, 7, 270, 243 + 2500],
    [0.3, Math.sqrt(0.3), 21, 7, 0, 6.3, 6.3 + 4.41],
    [0, 0, 30, 5, 7, 0, 0],
    [5, 2, 0, 0, 0, 0, 0],
  ])("d %s, sd_d %s, L %s, sd_L %s, R %s → mu %s, Var %s", (d, sdD, L, sdL, R, mean, variance) => {
    const m = leadTimeDemandMoments(d, sdD, L, sdL, R);
    expectRelClose(m.mean || 1e-300, mean || 1e-300, 1e-12);
    if (variance === 0) expect(m.variance).toBe(0);
    else expectRelClose(m.variance, variance, 1e-12);
    expect(m.protectionDays).toBe(L + R);
  });

  it("treats NaN and negative inputs as zero rather than returning NaN", () => {
    const m = leadTimeDemandMoments(Number.NaN, -1, 10, Number.NaN, 0);
    expect(m).toEqual({ protectionDays: 10, mean: 0, variance: 0, sd: 0 });
  });
});

describe("chooseDemandDistribution (§2 rule)", () => {
  it.each([
    [{ mean: 200, variance: 2500 }, "normal"], // mu ≥ 20, CV 0.25
    [{ mean: 30, variance: 400 }, "negative-binomial"], // CV 0.67 > 0.5
    [{ mean: 6.3, variance: 10.71 }, "negative-binomial"], // low volume, over-dispersed
    [{ mean: 6.3, variance: 6.5 }, "poisson"], // Var ≈ mean
    [{ mean: 6.3, variance: 2 }, "normal"], // under-dispersed: true sigma
    [{ mean: 12, variance: 0 }, "point"], // zero variance
    [{ mean: 0, variance: 0 }, "point"], // zero demand
  ])("%j → %s", (moments, kind) => {
    expect(chooseDemandDistribution(moments).kind).toBe(kind);
  });

  it("uses r = mu²/(Var − mu), p = mu/Var for the negative binomial", () => {
    const dist = chooseDemandDistribution({ mean: 6.3, variance: 10.71 });
    if (dist.kind !== "negative-binomial") throw new Error("expected a negative binomial");
    expectRelClose(dist.r, 9, 1e-12);
    expectRelClose(dist.p, 10 / 17, 1e-12);
  });
});

describe("planning-math §2 Monte Carlo example (sanity check, not 1e-5)", () => {
  // Poisson(0.3/day) demand, L ~ gamma(mean 21, sd 7): mu_L = 6.3, Var = 21·0.3 + 0.09·49 = 10.71.
  const moments = leadTimeDemandMoments(0.3, Math.sqrt(0.3), 21, 7, 0);
  const nb = chooseDemandDistribution(moments);
  const normal = { kind: "normal" as const, mean: moments.mean, sd: moments.sd };
  const poisson = { kind: "poisson" as const, mean: moments.mean, sd: Math.sqrt(moments.mean) };

  it("reproduces the note's tail probabilities at s = 14: NB 0.0172, normal 0.0093, Poisson 0.0022", () => {
    expect(demandSf(nb, 14)).toBeCloseTo(0.0172, 4);
    expect(demandSf(normal, 14)).toBeCloseTo(0.0093, 4);
    expect(demandSf(poisson, 14)).toBeCloseTo(0.0022, 4);
  });

  it("agrees with a seeded simulation of the random sum far better than the normal does", () => {
    const rng = new Rng(2024);
    const gamma = (shape: number): number => {
      // Marsaglia–Tsang, shape ≥ 1
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const x = rng.nextNormal();
        const v = (1 + c * x) ** 3;
        if (v > 0 && Math.log(rng.nextOpenFloat()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    const poissonDraw = (mean: number): number => {
      let k = 0;
      let p = rng.nextFloat();
      const limit = Math.exp(-mean);
      while (p > limit) {
        p *= rng.nextFloat();
        k += 1;
      }
      return k;
    };
    const n = 100_000;
    let exceed = 0;
    for (let i = 0; i < n; i += 1) {
      const lead = gamma(9) * (21 / 9); // shape (21/7)², scale 49/21
      if (poissonDraw(0.3 * lead) > 14) exceed += 1;
    }
    const simulated = exceed / n; // the note reports 0.0168
    expect(Math.abs(simulated - 0.0168)).toBeLessThan(0.002);
    expect(Math.abs(demandSf(nb, 14) - simulated)).toBeLessThan(Math.abs(demandSf(normal, 14) - simulated) / 2);
  });

  it("shows the normal ROP for CSL 90% under-protects: its discrete NB service is higher than 90%", () => {
    const rop = Math.ceil(demandQuantile(normal, 0.9));
    expect(rop).toBe(11); // 6.3 + 1.2816 × 3.27 = 10.5 → 11
    expect(1 - demandSf(nb, rop)).toBeGreaterThan(0.9);
  });
});

describe("demand tails and losses", () => {
  it.each([
    [{ kind: "point" as const, mean: 10, sd: 0 as const }, 9, 1, 1],
    [{ kind: "point" as const, mean: 10, sd: 0 as const }, 10, 0, 0],
    [{ kind: "point" as const, mean: 10, sd: 0 as const }, 25, 0, 0],
  ])("point mass at %j: P(D > %s) = %s, E[(D − x)^+] = %s (σ = 0 rule)", (dist, x, sf, loss) => {
    expect(demandSf(dist, x)).toBe(sf);
    expect(demandLoss(dist, x)).toBe(loss);
  });

  it("normal loss is sigma·G(k) and leftover = (x − mu) + loss", () => {
    const dist = { kind: "normal" as const, mean: 100, sd: 20 };
    expectRelClose(demandLoss(dist, 120), 20 * 0.083315470587686298, 1e-10); // k = 1
    expectRelClose(demandLeftover(dist, 120), 20 + 20 * 0.083315470587686298, 1e-10);
  });
});
