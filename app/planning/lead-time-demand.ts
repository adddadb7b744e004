/**
 * Demand over the protection interval (planning-math §2): its exact random-sum moments and the
 * distribution used for probabilities, quantiles and losses (normal when volume allows, Poisson or
 * moment-matched negative binomial otherwise).
 */
import {
  negBinFromMoments,
  negBinLoss,
  negBinQuantile,
  negBinSf,
  normalQuantile,
  normalSf,
  poissonLoss,
  poissonQuantile,
  poissonSf,
  standardNormalLeftover,
  standardNormalLoss,
} from "./stats";

/** Normal shape only when mu ≥ 20 units and CV = sigma/mu ≤ 0.5 (§2 rule). */
export const NORMAL_MIN_MEAN_UNITS = 20;
export const NORMAL_MAX_CV = 0.5;
/** Var/mean within [0.9, 1.1] counts as "Var ≈ mean" → Poisson. */
export const POISSON_DISPERSION_BAND = 0.1;

export interface DemandMoments {
  /** Protection interval T = R + L, days. */
  protectionDays: number;
  /** mu = d·T, units. */
  mean: number;
  /** Var = T·sd_d² + d²·sd_L², units². */
  variance: number;
  /** sigma = √Var, units. */
  sd: number;
}

/**
 * Random-sum moments of demand over T = R + L days with iid daily demand (mean d, sd sd_d,
 * units/day) and an independent lead time (mean L, sd sd_L, days): mu = d·T,
 * sigma = √(T·sd_d² + d²·sd_L²) (Silver–Pyke–Thomas ch. 6). R = 0 for continuous review.
 */
export function leadTimeDemandMoments(
  unitsPerDay: number,
  unitsPerDaySd: number,
  leadTimeDays: number,
  leadTimeSdDays: number,
  reviewPeriodDays = 0,
): DemandMoments {
  const d = finiteNonNegative(unitsPerDay);
  const sdD = finiteNonNegative(unitsPerDaySd);
  const sdL = finiteNonNegative(leadTimeSdDays);
  const protectionDays = finiteNonNegative(leadTimeDays) + finiteNonNegative(reviewPeriodDays);
  const mean = d * protectionDays;
  const variance = protectionDays * sdD * sdD + d * d * sdL * sdL;
  return { protectionDays, mean, variance, sd: Math.sqrt(variance) };
}

/** The distribution chosen for demand over the protection interval. */
export type DemandDistribution =
  | { kind: "point"; mean: number; sd: 0 }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "poisson"; mean: number; sd: number }
  | { kind: "negative-binomial"; mean: number; sd: number; r: number; p: number };

/**
 * §2 rule: sigma = 0 or mu < 1e-9 → point mass at mu; mu ≥ 20 and CV ≤ 0.5 → normal; otherwise discrete:
 * Var/mu > 1.1 → negative binomial with r = mu²/(Var − mu), p = mu/Var; Var/mu within
 * [0.9, 1.1] → Poisson(mu); under-dispersed (Var/mu < 0.9) → normal with the true sigma
 * (a Poisson would overstate the spread).
 */
export function chooseDemandDistribution(moments: Pick<DemandMoments, "mean" | "variance">): DemandDistribution {
  const mean = finiteNonNegative(moments.mean);
  const variance = finiteNonNegative(moments.variance);
  const sd = Math.sqrt(variance);
  // No demand to speak of (< 1e-9 units): a point mass, so tails never chase a vanishing mean.
  if (sd === 0 || mean < 1e-9) return { kind: "point", mean, sd: 0 };
  if (mean >= NORMAL_MIN_MEAN_UNITS && sd / mean <= NORMAL_MAX_CV) return { kind: "normal", mean, sd };
  const dispersion = variance / mean;
  if (dispersion > 1 + POISSON_DISPERSION_BAND) {
    const { r, p } = negBinFromMoments(mean, variance);
    return { kind: "negative-binomial", mean, sd, r, p };
  }
  if (dispersion >= 1 - POISSON_DISPERSION_BAND) return { kind: "poisson", mean, sd: Math.sqrt(mean) };
  return { kind: "normal", mean, sd };
}

/**
 * P(D > x): probability demand over the interval exceeds x units (stockout probability).
 * Normal: Q((x − mu)/sigma) by the survival function; point mass: 1 if mu > x else 0;
 * Poisson/NB: 1 − F(⌊x⌋).
 */
export function demandSf(dist: DemandDistribution, x: number): number {
  switch (dist.kind) {
    case "point":
      return dist.mean > x ? 1 : 0;
    case "normal":
      return normalSf((x - dist.mean) / dist.sd);
    case "poisson":
      return poissonSf(x, dist.mean);
    case "negative-binomial":
      return negBinSf(x, dist);
  }
}

/**
 * Expected units short E[(D − x)^+] (units): normal sigma·G((x − mu)/sigma) (§5); point mass
 * max(mu − x, 0); Poisson/NB exact sums.
 */
export function demandLoss(dist: DemandDistribution, x: number): number {
  switch (dist.kind) {
    case "point":
      return Math.max(dist.mean - x, 0);
    case "normal":
      return dist.sd * standardNormalLoss((x - dist.mean) / dist.sd);
    case "poisson":
      return poissonLoss(x, dist.mean);
    case "negative-binomial":
      return negBinLoss(x, dist);
  }
}

/** Expected leftover E[(x − D)^+] = (x − mu) + E[(D − x)^+], units (normal: sigma·Ḡ(k)). */
export function demandLeftover(dist: DemandDistribution, x: number): number {
  if (dist.kind === "normal") return dist.sd * standardNormalLeftover((x - dist.mean) / dist.sd);
  return Math.max(0, x - dist.mean + demandLoss(dist, x));
}

/**
 * Smallest stock level s (units) with P(D ≤ s) ≥ q: normal mu + Φ⁻¹(q)·sigma (continuous);
 * Poisson/NB the integer quantile; point mass mu.
 */
export function demandQuantile(dist: DemandDistribution, q: number): number {
  switch (dist.kind) {
    case "point":
      return dist.mean;
    case "normal":
      return dist.mean + normalQuantile(q) * dist.sd;
    case "poisson":
      return poissonQuantile(q, dist.mean);
    case "negative-binomial":
      return negBinQuantile(q, dist);
  }
}

function finiteNonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}
