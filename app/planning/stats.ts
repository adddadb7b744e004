/**
 * Numerical building blocks for the planning engine: the standard normal distribution (density,
 * cdf, survival function, quantile, loss functions), Poisson and negative binomial distributions
 * (pmf, cdf, survival function, loss), log-gamma, and a deterministic seeded PRNG.
 *
 * No tables copied from libraries: the normal cdf comes from Marsaglia's Taylor series
 * (G. Marsaglia 2004, "Evaluating the Normal Distribution", J. Stat. Software 11(4)) near the
 * centre and Laplace's continued fraction for the Mills ratio in the tails (evaluated backwards,
 * Abramowitz & Stegun 26.2.14), which keeps full *relative* precision in the upper tail where
 * 1 − cdf would round to 0 (planning-math §3). The quantile starts from Abramowitz & Stegun 26.2.23
 * (|error| < 4.5e-4) and is polished by Halley steps on that cdf, giving ~1e-15 relative accuracy.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Marsaglia series S(x) = x + x³/3 + x⁵/(3·5) + …, so that Φ(x) = ½ + φ(x)·S(x). */
function marsagliaSeries(x: number): number {
  const q = x * x;
  let sum = x;
  let term = x;
  for (let i = 3; i < 400; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return sum;
}

/**
 * Laplace's continued fraction t(x) = 1/(x + 2/(x + 3/(x + 4/(x + …)))) for x ≥ 2.5, so that the
 * Mills ratio is R(x) = Q(x)/φ(x) = 1/(x + t(x)) (A&S 26.2.14). Evaluated backwards from a fixed
 * depth that is ample for x ≥ 2.5 (checked against 30-digit values in the tests).
 */
function millsTail(x: number): number {
  // The stockout risk asks for Q(k) and then G(k) at the same k: the second call reuses the first.
  if (x === lastMillsX) return lastMillsT;
  const depth = x < 3.5 ? 220 : x < 5 ? 120 : x < 8 ? 60 : 30;
  let t = 0;
  for (let n = depth; n >= 1; n -= 1) t = n / (x + t);
  lastMillsX = x;
  lastMillsT = t;
  return t;
}

let lastMillsX = Number.NaN;
let lastMillsT = Number.NaN;

/**
 * Upper tail Q(x) = P(Z > x) = 1 − Φ(x) for Z ~ N(0,1), with full relative precision for large x
 * (this is `norm.sf`; planning-math §3 requires it instead of 1 − cdf).
 */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 1 - normalSf(-x);
  // The loss G(k) = φ(k) − k·Q(k) right after P(D > x) asks for Q at the same point: remember it.
  if (x === lastSfX) return lastSf;
  let q: number;
  if (x < 2.5) q = 0.5 - normalPdf(x) * marsagliaSeries(x);
  else if (x > 38.6) q = 0;
  else q = normalPdf(x) / (x + millsTail(x));
  lastSfX = x;
  lastSf = q;
  return q;
}

let lastSfX = Number.NaN;
let lastSf = Number.NaN;

/** Standard normal cdf Φ(x) = P(Z ≤ x), accurate in relative terms in the lower tail too. */
export function normalCdf(x: number): number {
  return normalSf(-x);
}

/**
 * Standard normal quantile Φ⁻¹(p) for 0 < p < 1 (−∞ at 0, +∞ at 1). Halley iteration
 * x ← x − e/(1 + x·e/2), e = (Φ(x) − p)/φ(x), computed on the smaller tail for precision.
 */
export function normalQuantile(p: number): number {
  // Planning asks for Φ⁻¹ of the same service level for every SKU: remember the last answer.
  if (p === lastQuantileP) return lastQuantileZ;
  const z = normalQuantileUncached(p);
  lastQuantileP = p;
  lastQuantileZ = z;
  return z;
}

let lastQuantileP = Number.NaN;
let lastQuantileZ = Number.NaN;

function normalQuantileUncached(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // Work on the lower tail q = min(p, 1−p) and flip the sign at the end.
  const upper = p > 0.5;
  const q = upper ? 1 - p : p;
  // A&S 26.2.23 starting value for the upper-tail deviate of area q.
  const t = Math.sqrt(-2 * Math.log(q));
  let z = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  // Polish x = −z so that Φ(x) = q, i.e. Q(z) = q.
  for (let i = 0; i < 4; i += 1) {
    const density = normalPdf(z);
    if (density === 0) break;
    const e = (q - normalSf(z)) / density; // Q(z) − q with sign flipped: dQ/dz = −φ
    const step = e / (1 + (z * e) / 2);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return upper ? z : -z;
}

/**
 * Standard normal loss G(k) = E[(Z − k)^+] = φ(k) − k·(1 − Φ(k)) (Silver–Pyke–Thomas G_u(k)).
 * For k ≥ 2.5 it is computed as φ(k)·R(k)·T(k) (R = Mills ratio, T its tail fraction), which is
 * algebraically identical and avoids the cancellation of φ(k) − k·Q(k).
 */
export function standardNormalLoss(k: number): number {
  if (Number.isNaN(k)) return Number.NaN;
  if (k < 2.5) return normalPdf(k) - k * normalSf(k);
  if (k > 38.6) return 0;
  const t = millsTail(k);
  return (normalPdf(k) * t) / (k + t);
}

/** Complementary loss Ḡ(k) = E[(k − Z)^+] = k + G(k) (expected leftover in sd units). */
export function standardNormalLeftover(k: number): number {
  if (k < 0) return standardNormalLoss(-k); // symmetry: E[(k−Z)^+] = E[(Z−(−k))^+]
  return k + standardNormalLoss(k);
}

// ---------------------------------------------------------------------------------------------
// Log-gamma and discrete distributions

/**
 * ln Γ(x) for x > 0: Stirling's series with seven correction terms after shifting x ≥ 15 with
 * Γ(x+1) = x·Γ(x). Absolute error < 1e-14 on the range used here.
 */
export function logGamma(x: number): number {
  // Whole numbers (k + 1 in every pmf and tail of a count law) repeat across SKUs: remember them.
  if (x >= 1 && x < LOG_GAMMA_TABLE_SIZE && x === Math.floor(x)) {
    const cached = logGammaTable[x];
    if (cached === cached) return cached;
    return (logGammaTable[x] = logGammaSeries(x));
  }
  return logGammaSeries(x);
}

const LOG_GAMMA_TABLE_SIZE = 4096;
/** ln Γ(k) for whole k, filled on first use (NaN = not yet computed). */
const logGammaTable = new Float64Array(LOG_GAMMA_TABLE_SIZE).fill(Number.NaN);

function logGammaSeries(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let shift = 0;
  let z = x;
  while (z < 15) {
    shift += Math.log(z);
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 +
      inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 / 156))))));
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + series - shift;
}

/**
 * Regularised incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q = 1 − P, each returned
 * with full relative precision: the series for P when x < a + 1, Legendre's continued fraction
 * (modified Lentz) for Q otherwise, the other by subtraction (then it is ≥ ~0.3, no precision lost).
 */
export function regularizedGamma(a: number, x: number): { p: number; q: number } {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGamma needs a > 0 and x ≥ 0, got a ${a}, x ${x}`);
  if (x === 0) return { p: 0, q: 1 };
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000; n += 1) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const p = Math.min(1, sum * Math.exp(logPrefix));
    return { p, q: 1 - p };
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const q = Math.min(1, Math.exp(logPrefix) * h);
  return { p: 1 - q, q };
}

/** Continued fraction of the incomplete beta function (modified Lentz), for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b) and its complement 1 − I_x(a, b) = I_{1−x}(b, a), each with
 * full relative precision (the continued fraction is evaluated on whichever side converges).
 */
export function regularizedBeta(x: number, a: number, b: number): { lower: number; upper: number } {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta needs a, b > 0 and 0 ≤ x ≤ 1, got x ${x}, a ${a}, b ${b}`);
  if (x === 0) return { lower: 0, upper: 1 };
  if (x === 1) return { lower: 1, upper: 0 };
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b);
  return { lower: 1 - upper, upper };
}

/**
 * A discrete distribution on {0, 1, 2, …}: its log-pmf, the ratio f(k+1)/f(k), both tails
 * P(D ≤ s) and P(D > s) with relative precision (incomplete gamma / beta), and the size-biased
 * law D' with j·f(j) = mean·f'(j − 1), which gives the loss in closed form.
 */
interface DiscreteLaw {
  readonly mean: number;
  readonly variance: number;
  logPmf(k: number): number;
  ratio(k: number): number;
  /** [P(D ≤ s), P(D > s)] for integer s ≥ 0. */
  tails(s: number): { cdf: number; sf: number };
  sizeBiased(): DiscreteLaw;
}

class PoissonLaw implements DiscreteLaw {
  readonly variance: number;
  private readonly logMean: number;
  constructor(readonly mean: number) {
    this.variance = mean;
    this.logMean = Math.log(mean);
  }
  logPmf(k: number): number {
    return k * this.logMean - this.mean - logGamma(k + 1);
  }
  ratio(k: number): number {
    return this.mean / (k + 1);
  }
  private lastTails: { s: number; cdf: number; sf: number } | null = null;
  /** P(D ≤ s) = Q(s + 1, m), P(D > s) = P(s + 1, m); the last answer is kept (the loss asks again). */
  tails(s: number): { cdf: number; sf: number } {
    if (this.lastTails?.s === s) return this.lastTails;
    const g = regularizedGamma(s + 1, this.mean);
    this.lastTails = { s, cdf: g.q, sf: g.p };
    return this.lastTails;
  }
  sizeBiased(): DiscreteLaw {
    return this;
  }
}

class NegativeBinomialLaw implements DiscreteLaw {
  readonly mean: number;
  readonly variance: number;
  private readonly q: number;
  private readonly logP: number;
  private readonly logQ: number;
  private readonly logGammaR: number;
  constructor(
    readonly r: number,
    readonly p: number,
  ) {
    this.q = 1 - p;
    this.mean = (r * this.q) / p;
    this.variance = (r * this.q) / (p * p);
    this.logP = Math.log(p);
    this.logQ = Math.log1p(-p);
    this.logGammaR = logGamma(r);
  }
  logPmf(k: number): number {
    return logGamma(k + this.r) - this.logGammaR - logGamma(k + 1) + this.r * this.logP + (k === 0 ? 0 : k * this.logQ);
  }
  ratio(k: number): number {
    return ((k + this.r) * this.q) / (k + 1);
  }
  private lastTails: { s: number; cdf: number; sf: number } | null = null;
  /** P(D ≤ s) = I_p(r, s + 1); P(D > s) = I_{1−p}(s + 1, r); the last answer is kept (the loss asks again). */
  tails(s: number): { cdf: number; sf: number } {
    if (this.lastTails?.s === s) return this.lastTails;
    const beta = regularizedBeta(this.p, this.r, s + 1);
    this.lastTails = { s, cdf: beta.lower, sf: beta.upper };
    return this.lastTails;
  }
  private biased: NegativeBinomialLaw | null = null;
  sizeBiased(): DiscreteLaw {
    this.biased ??= new NegativeBinomialLaw(this.r + 1, this.p);
    return this.biased;
  }
}

// The stockout risk asks the same law for P(D > x), the loss E[(D − x)^+] and a quantile in a row,
// and the optimiser asks one law for many pmf values: the last law of each kind is kept (laws are
// immutable; the same parameters give the same object, so every answer is unchanged).
let lastPoisson: PoissonLaw | null = null;
let lastNegBin: NegativeBinomialLaw | null = null;

function poissonLaw(mean: number): PoissonLaw {
  if (lastPoisson === null || lastPoisson.mean !== mean) lastPoisson = new PoissonLaw(mean);
  return lastPoisson;
}

function negBinLaw({ r, p }: NegBinParams): NegativeBinomialLaw {
  if (lastNegBin === null || lastNegBin.r !== r || lastNegBin.p !== p) lastNegBin = new NegativeBinomialLaw(r, p);
  return lastNegBin;
}

function discreteSf(law: DiscreteLaw, s: number): number {
  return s < 0 ? 1 : law.tails(s).sf;
}

function discreteCdf(law: DiscreteLaw, s: number): number {
  return s < 0 ? 0 : law.tails(s).cdf;
}

/**
 * First-order loss E[(D − x)^+] for real x, s = ⌊x⌋: Σ_{j>s} j·f(j) = mean·P(D' ≥ s) (D' the
 * size-biased law: Poisson(m) itself, NB(r+1, p) for NB(r, p)), so
 * E[(D − s)^+] = mean·P(D' > s − 1) − s·P(D > s), and E[(D − x)^+] = E[(D − s)^+] − (x − s)·P(D > s).
 */
function discreteLoss(law: DiscreteLaw, x: number): number {
  if (x < 0) return law.mean - x;
  const s = Math.floor(x);
  const sf = discreteSf(law, s);
  const biasedSf = discreteSf(law.sizeBiased(), s - 1);
  return Math.max(0, law.mean * biasedSf - s * sf - (x - s) * sf);
}

/** Expected leftover E[(x − D)^+] = (x − mean) + E[(D − x)^+]. */
function discreteLeftover(law: DiscreteLaw, x: number): number {
  if (x < 0) return 0;
  return Math.max(0, x - law.mean + discreteLoss(law, x));
}

/**
 * Smallest integer s with P(D ≤ s) ≥ q: walking from a normal-approximation guess for small
 * spreads, bisection on the cdf (a few dozen evaluations) when the sd exceeds 20 units.
 */
function discreteQuantile(law: DiscreteLaw, q: number): number {
  if (q <= 0) return 0;
  const sd = Math.sqrt(law.variance);
  if (sd > 20) {
    const z = normalQuantile(Math.min(q, 1 - 1e-16));
    let lo = Math.max(-1, Math.floor(law.mean + (z - 4) * sd)); // cdf(lo) < q (checked below)
    let hi = Math.ceil(law.mean + (Math.max(z, 0) + 4) * sd * 3); // cdf(hi) ≥ q (skewed tails: 3×)
    while (lo >= 0 && discreteCdf(law, lo) >= q) lo = Math.max(-1, lo - Math.ceil(4 * sd));
    while (discreteCdf(law, hi) < q) hi *= 2;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (discreteCdf(law, mid) >= q) hi = mid;
      else lo = mid;
    }
    return hi;
  }
  let s = Math.max(0, Math.floor(law.mean + normalQuantile(Math.min(q, 1 - 1e-16)) * sd));
  let cdf = discreteCdf(law, s);
  if (cdf >= q) {
    while (s > 0) {
      const below = cdf - Math.exp(law.logPmf(s));
      if (below < q) break;
      cdf = below;
      s -= 1;
    }
    return s;
  }
  for (let steps = 0; cdf < q; steps += 1) {
    s += 1;
    // Re-anchor now and then so rounding in the running sum cannot stall the walk.
    cdf = steps % 64 === 63 ? discreteCdf(law, s) : cdf + Math.exp(law.logPmf(s));
  }
  return s;
}

function checkMean(name: string, mean: number): void {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`${name} needs a finite mean ≥ 0, got ${mean}`);
}

/** Poisson pmf f(k) = e^{−m} m^k / k! (k integer ≥ 0, m = mean units). */
export function poissonPmf(k: number, mean: number): number {
  checkMean("poissonPmf", mean);
  if (k < 0 || !Number.isInteger(k)) return 0;
  return Math.exp(poissonLaw(mean).logPmf(k));
}

/** Poisson cdf F(s) = P(D ≤ s) for real s (uses ⌊s⌋). */
export function poissonCdf(s: number, mean: number): number {
  checkMean("poissonCdf", mean);
  if (mean === 0) return s >= 0 ? 1 : 0;
  return discreteCdf(poissonLaw(mean), Math.floor(s));
}

/** Poisson survival function P(D > s) = 1 − F(s), computed directly in the upper tail. */
export function poissonSf(s: number, mean: number): number {
  checkMean("poissonSf", mean);
  if (mean === 0) return s >= 0 ? 0 : 1;
  return discreteSf(poissonLaw(mean), Math.floor(s));
}

/**
 * Poisson loss n(x) = E[(D − x)^+] in units. For integer s it is Snyder & Shen eq. C.41,
 * −(s − m)(1 − F(s)) + m·f(s), written as m·P(D > s − 1) − s·P(D > s) (the same identity).
 */
export function poissonLoss(x: number, mean: number): number {
  checkMean("poissonLoss", mean);
  if (mean === 0) return Math.max(-x, 0);
  return discreteLoss(poissonLaw(mean), x);
}

/** Poisson expected leftover E[(x − D)^+], units. */
export function poissonLeftover(x: number, mean: number): number {
  checkMean("poissonLeftover", mean);
  if (mean === 0) return Math.max(x, 0);
  return discreteLeftover(poissonLaw(mean), x);
}

/** Smallest integer s with Poisson F(s) ≥ q. */
export function poissonQuantile(q: number, mean: number): number {
  checkMean("poissonQuantile", mean);
  if (mean === 0) return 0;
  return discreteQuantile(poissonLaw(mean), q);
}

/** Negative binomial parameters (r = size > 0, p = success probability in (0, 1]). */
export interface NegBinParams {
  r: number;
  p: number;
}

/**
 * Moment-matched negative binomial for mean m and variance v > m (planning-math §2):
 * r = m²/(v − m), p = m/v. Throws when v ≤ m (use Poisson there).
 */
export function negBinFromMoments(mean: number, variance: number): NegBinParams {
  if (!(mean > 0) || !(variance > mean)) {
    throw new RangeError(`negative binomial needs variance > mean > 0, got mean ${mean}, variance ${variance}`);
  }
  return { r: (mean * mean) / (variance - mean), p: mean / variance };
}

function checkNb({ r, p }: NegBinParams): void {
  if (!(r > 0) || !(p > 0 && p <= 1)) throw new RangeError(`negative binomial needs r > 0 and 0 < p ≤ 1, got r ${r}, p ${p}`);
}

/** Negative binomial pmf f(k) = Γ(k+r)/(Γ(r)k!) p^r (1−p)^k; mean r(1−p)/p. */
export function negBinPmf(k: number, nb: NegBinParams): number {
  checkNb(nb);
  if (k < 0 || !Number.isInteger(k)) return 0;
  if (nb.p === 1) return k === 0 ? 1 : 0;
  return Math.exp(negBinLaw(nb).logPmf(k));
}

/** Negative binomial cdf P(D ≤ s) for real s (uses ⌊s⌋). */
export function negBinCdf(s: number, nb: NegBinParams): number {
  checkNb(nb);
  if (nb.p === 1) return s >= 0 ? 1 : 0;
  return discreteCdf(negBinLaw(nb), Math.floor(s));
}

/** Negative binomial survival function P(D > s). */
export function negBinSf(s: number, nb: NegBinParams): number {
  checkNb(nb);
  if (nb.p === 1) return s >= 0 ? 0 : 1;
  return discreteSf(negBinLaw(nb), Math.floor(s));
}

/** Negative binomial loss E[(D − x)^+] = Σ_{j>x}(j − x)f(j) in units. */
export function negBinLoss(x: number, nb: NegBinParams): number {
  checkNb(nb);
  if (nb.p === 1) return Math.max(-x, 0);
  return discreteLoss(negBinLaw(nb), x);
}

/** Negative binomial expected leftover E[(x − D)^+], units. */
export function negBinLeftover(x: number, nb: NegBinParams): number {
  checkNb(nb);
  if (nb.p === 1) return Math.max(x, 0);
  return discreteLeftover(negBinLaw(nb), x);
}

/** Smallest integer s with negative binomial F(s) ≥ q. */
export function negBinQuantile(q: number, nb: NegBinParams): number {
  checkNb(nb);
  if (nb.p === 1) return 0;
  return discreteQuantile(negBinLaw(nb), q);
}

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG

/** splitmix32 step: turns any 32-bit seed into a well-mixed 32-bit value. */
function splitmix32(seed: number): number {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a seed and a stream number into a new 32-bit seed (for independent sub-streams). */
export function deriveSeed(seed: number, stream: number): number {
  return splitmix32((splitmix32(seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
}

/**
 * Seeded pseudo-random generator: xoshiro128** (Blackman & Vigna 2018), 32-bit state words,
 * seeded through splitmix32. Same seed → same sequence on every machine. Never Math.random().
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    let s = seed >>> 0;
    this.a = s = splitmix32(s);
    this.b = s = splitmix32(s);
    this.c = s = splitmix32(s);
    this.d = splitmix32(s);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** Next 32-bit unsigned integer. */
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

  /** Uniform in [0, 1) with 32-bit resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in (0, 1): never exactly 0, safe under log(). */
  nextOpenFloat(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Standard normal deviate (Marsaglia polar method; the spare is cached). */
  nextNormal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.nextFloat() - 1;
      v = 2 * this.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Exponential deviate with the given mean (inversion). */
  nextExponential(mean: number): number {
    return -mean * Math.log(this.nextOpenFloat());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ---------------------------------------------------------------------------------------------
// Small helpers used across modules

/** x/y, or `fallback` when y is 0 or the quotient is not finite (keeps results NaN-free). */
export function safeDivide(x: number, y: number, fallback = 0): number {
  if (y === 0) return fallback;
  const q = x / y;
  return Number.isFinite(q) ? q : fallback;
}

/** Clamp x into [lo, hi]; NaN becomes lo. */
export function clamp(x: number, lo: number, hi: number): number {
  if (!(x >= lo)) return lo;
  return x > hi ? hi : x;
}

/** Mean and sample sd (ddof = 1; sd 0 for fewer than two values) of a list. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, sd: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, sd: 0 };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Ordinary least squares slope of y on x (units of y per unit of x); 0 when x has no spread. */
export function olsSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i += 1) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) * (xs[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : 0;
}
