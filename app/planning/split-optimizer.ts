/**
 * The split optimiser (planning-math §7B(i)): for each backup share f ∈ {0, 0.05, …, 1}, simulate a
 * year of daily demand under a periodic-review order-up-to policy with two suppliers (lead times
 * with lateness, defects removed on receipt, MOQ/capacity, Markov up/down disruptions with
 * contingent rerouting after the backup's ramp-up) and pick the f with the lowest expected annual
 * cost = purchase (cost of goods sold, landed and defect-adjusted) + working capital (r × value of
 * stock on hand and of the paid pipeline) + shortage (penalty × units short).
 *
 * Common random numbers: every replication's demand path, disruption path, lead-time draws and
 * defect draws are generated once and reused for every f, so differences between shares are
 * differences of policy, not of luck. Racing keeps it fast: replications run in batches, and a
 * share whose paired cost difference to the current best is clearly positive (> 4 standard
 * errors) stops early. The closed-form screen (§7B(ii)) lives in split-screen.ts as a test oracle.
 */
import { chooseDemandDistribution, demandQuantile, leadTimeDemandMoments } from "./lead-time-demand";
import { Rng, deriveSeed, negBinFromMoments, normalCdf, poissonPmf, negBinPmf } from "./stats";
import { clampServiceLevel } from "./stockout-risk";

export interface SimSupplier {
  /** Price paid per unit ordered (landed), cents. */
  unitCostCents: number;
  /** Share of received units that are defective, 0–1. */
  defectRate: number;
  /** Promised lead time, days. */
  leadTimeDays: number;
  /** sd of the lead time around the promise (excluding lateness), days. */
  leadTimeSdDays: number;
  /** Probability a PO arrives by its promise, 0–1. */
  onTimeRate: number;
  /** Mean extra days when late (exponentially distributed). */
  meanDaysLateWhenLate: number;
  moqUnits: number;
  capacityUnitsPerMonth: number | null;
  /** Chance per year of an outage starting (daily hazard = π/365). */
  disruptionProbabilityPerYear: number;
  /** Mean outage length, days (geometric). */
  meanOutageDays: number;
  /** Days after the other supplier goes down before this one takes extra volume. */
  rampUpDays: number;
  /** Extra ramp-up days when cold (no order in the last 60 days); default 30. */
  coldStartExtraDays?: number;
  /** Deposit at placement, 0–1; the rest is paid `paymentTermsDays` after shipment. */
  depositShare: number;
  paymentTermsDays: number;
  transitDays: number;
}

export interface OptimiserInput {
  unitsPerDay: number;
  unitsPerDaySd: number;
  reviewPeriodDays: number;
  /** Cycle service level of the order-up-to policy, 0–1. */
  serviceLevel: number;
  /** r, per year (0–1). */
  carryingRatePerYear: number;
  /** p, cents per unit short (unit margin + goodwill for lost sales). */
  shortagePenaltyCentsPerUnit: number;
  /** Extra cost accepted to round the backup up to its MOQ, cents. */
  moqToleranceCents: number;
  primary: SimSupplier;
  backup: SimSupplier;
  /** While one supplier is down, send its share to the other (after ramp-up). Default true. */
  reroute?: boolean;
}

export interface OptimiserOptions {
  seed?: number;
  /** Maximum replications per share (default 200). */
  maxReplications?: number;
  /** Replications per racing batch (default 20). */
  batchReplications?: number;
  horizonDays?: number;
  /** Extra shares to evaluate beside the grid (e.g. the rule engine's), 0–1. */
  extraShares?: readonly number[];
  /** Grid step (default 0.05). */
  gridStep?: number;
  /** Stop racing before a batch would exceed this many simulated days (default 1.2 M ≈ 60 ms). */
  maxDaySteps?: number;
}

/** Mean with a 95% confidence interval (mean ± 1.96·sd/√n), cents per year unless named. */
export interface Estimate {
  mean: number;
  low: number;
  high: number;
}

export interface ShareCost {
  backupShare: number;
  replications: number;
  totalCents: Estimate;
  purchaseCents: Estimate;
  workingCapitalCents: Estimate;
  shortageCents: Estimate;
  /** Days with unmet demand per year. */
  stockoutDays: number;
  unitsShort: number;
  /** Average cash in stock on hand + paid pipeline, cents. */
  averageWorkingCapitalCents: number;
  /** Units sold ÷ units demanded. */
  fillRate: number;
  /** Order-up-to level the policy used, units. */
  orderUpToUnits: number;
}

export interface OptimiserResult {
  bestBackupShare: number;
  best: ShareCost;
  /** All evaluated shares, ascending. */
  candidates: ShareCost[];
  /** Shares whose paired difference to the best is within 2 standard errors. */
  indistinguishableShares: number[];
  dayStepsSimulated: number;
  seed: number;
}

const DEFAULT_SEED = 20240917;
/** A backup with no order in this many days is cold and needs its extra ramp-up time. */
export const WARM_WINDOW_DAYS = 60;
export const DEFAULT_COLD_START_EXTRA_DAYS = 30;

/** The order-up-to level S = quantile_CSL of demand over R + L̄ for the mixture lead time of split f. */
export function orderUpToLevel(input: OptimiserInput, backupShare: number): number {
  const p = effectiveLead(input.primary);
  const b = effectiveLead(input.backup);
  const f = backupShare;
  const mean = (1 - f) * p.mean + f * b.mean;
  const second = (1 - f) * (p.variance + p.mean * p.mean) + f * (b.variance + b.mean * b.mean);
  const sd = Math.sqrt(Math.max(0, second - mean * mean));
  const moments = leadTimeDemandMoments(input.unitsPerDay, input.unitsPerDaySd, mean, sd, input.reviewPeriodDays);
  const dist = chooseDemandDistribution(moments);
  return Math.max(0, Math.ceil(demandQuantile(dist, clampServiceLevel(input.serviceLevel)) - 1e-9));
}

/** Lead time including lateness: mean L + (1−o)m, variance sd² + (1−o)(2m²) − ((1−o)m)² (exponential lateness). */
function effectiveLead(s: SimSupplier): { mean: number; variance: number } {
  const late = 1 - clamp01(s.onTimeRate);
  const m = Math.max(0, s.meanDaysLateWhenLate);
  return {
    mean: Math.max(0, s.leadTimeDays) + late * m,
    variance: Math.max(0, s.leadTimeSdDays) ** 2 + late * 2 * m * m - (late * m) ** 2,
  };
}

/** Per-replication random streams shared by every share (common random numbers). */
interface Streams {
  horizon: number;
  span: number;
  maxOrders: number;
  demand: Int32Array;
  /** Per supplier (0 = P, 1 = B): 1 when down, for horizon + span days. */
  down: [Uint8Array, Uint8Array];
  /** First up day ≥ t. */
  nextUp: [Int32Array, Int32Array];
  /** Day the current outage began (valid when down). */
  downSince: [Int32Array, Int32Array];
  lead: [Int32Array, Int32Array];
  goodShare: [Float64Array, Float64Array];
}

function buildDemandTable(mean: number, sd: number): Float64Array {
  // Below 1e-9 units/day there is no demand to simulate (and no distribution to fit).
  if (!(mean > 1e-9)) return new Float64Array([1]);
  const variance = Math.max(0, sd * sd);
  const top = Math.ceil(mean + 12 * Math.sqrt(Math.max(variance, mean)) + 20);
  const cdf = new Float64Array(top + 1);
  let acc = 0;
  if (variance > 1.1 * mean) {
    const nb = negBinFromMoments(mean, variance);
    for (let k = 0; k <= top; k += 1) cdf[k] = acc += negBinPmf(k, nb);
  } else if (variance >= 0.9 * mean) {
    for (let k = 0; k <= top; k += 1) cdf[k] = acc += poissonPmf(k, mean);
  } else {
    const s = Math.max(sd, 1e-9);
    for (let k = 0; k <= top; k += 1) cdf[k] = normalCdf((k + 0.5 - mean) / s);
  }
  cdf[top] = 1;
  return cdf;
}

function sampleTable(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function buildStreams(input: OptimiserInput, reps: number, horizon: number, seed: number): Streams {
  const review = Math.max(1, Math.round(input.reviewPeriodDays || 1));
  const maxOrders = Math.ceil(horizon / review) + 2;
  const suppliers = [input.primary, input.backup];
  const maxLead = Math.max(
    ...suppliers.map((s) => Math.ceil(Math.max(0, s.leadTimeDays) + 6 * Math.max(0, s.leadTimeSdDays) + 10 * Math.max(0, s.meanDaysLateWhenLate) + 1)),
  );
  const span = horizon + maxLead + 1;
  const table = buildDemandTable(Math.max(0, input.unitsPerDay), Math.max(0, input.unitsPerDaySd));
  const demand = new Int32Array(reps * horizon);
  const demandRng = new Rng(deriveSeed(seed, 1));
  for (let i = 0; i < demand.length; i += 1) demand[i] = sampleTable(table, demandRng.nextFloat());
  const down: [Uint8Array, Uint8Array] = [new Uint8Array(reps * span), new Uint8Array(reps * span)];
  const nextUp: [Int32Array, Int32Array] = [new Int32Array(reps * span), new Int32Array(reps * span)];
  const downSince: [Int32Array, Int32Array] = [new Int32Array(reps * span), new Int32Array(reps * span)];
  const lead: [Int32Array, Int32Array] = [new Int32Array(reps * maxOrders), new Int32Array(reps * maxOrders)];
  const goodShare: [Float64Array, Float64Array] = [new Float64Array(reps * maxOrders), new Float64Array(reps * maxOrders)];
  for (let i = 0; i < 2; i += 1) {
    const s = suppliers[i];
    const rng = new Rng(deriveSeed(seed, 10 + i));
    const hazard = Math.min(1, Math.max(0, s.disruptionProbabilityPerYear) / 365);
    const recover = 1 / Math.max(1, s.meanOutageDays);
    const onTime = clamp01(s.onTimeRate);
    const defect = clamp01(s.defectRate);
    for (let r = 0; r < reps; r += 1) {
      const base = r * span;
      // Up/down Markov chain with daily hazard π/365 and recovery 1/mean outage, generated by
      // jumping between events (geometric waiting times) rather than drawing every day.
      let t = 0;
      let since = 0;
      let isDown = 0;
      const dn = down[i];
      const ds = downSince[i];
      while (t < span) {
        const p = isDown === 0 ? hazard : recover;
        // Days before the next switch ~ geometric(p); a p too small to register in 1 − p never switches.
        const wait = p >= 1 ? 0 : Math.floor(Math.log(rng.nextOpenFloat()) / Math.log1p(-p));
        const stay = p > 0 && Number.isFinite(wait) && wait >= 0 ? wait : span;
        const end = Math.min(span, t + stay);
        for (let u = t; u < end; u += 1) {
          dn[base + u] = isDown;
          ds[base + u] = since;
        }
        t = end;
        if (t >= span) break;
        // The switch happens on day t.
        isDown = 1 - isDown;
        if (isDown === 1) since = t;
        dn[base + t] = isDown;
        ds[base + t] = since;
        t += 1;
      }
      let next = span + 400; // beyond the span: assume back up
      for (let t = span - 1; t >= 0; t -= 1) {
        if (down[i][base + t] === 0) next = t;
        nextUp[i][base + t] = next;
      }
      const oBase = r * maxOrders;
      for (let k = 0; k < maxOrders; k += 1) {
        const promised = Math.max(0, s.leadTimeDays + s.leadTimeSdDays * rng.nextNormal());
        const late = rng.nextFloat() >= onTime ? rng.nextExponential(Math.max(0, s.meanDaysLateWhenLate)) : 0;
        lead[i][oBase + k] = Math.max(0, Math.round(promised + late));
        // Defect share per PO: uniform on [0, 2δ] (mean δ), capped below 1.
        goodShare[i][oBase + k] = 1 - Math.min(0.999, defect * 2 * rng.nextFloat());
      }
    }
  }
  return { horizon, span, maxOrders, demand, down, nextUp, downSince, lead, goodShare };
}

interface RepCost {
  purchase: number;
  capital: number;
  shortage: number;
  stockoutDays: number;
  unitsShort: number;
  demand: number;
  avgWorkingCapital: number;
}

/** Constants of one optimisation, computed once and shared by every share and replication. */
interface SimContext {
  review: number;
  reroute: boolean;
  rateDaily: number;
  penalty: number;
  capP: number;
  capB: number;
  moqP: number;
  moqB: number;
  costP: number;
  costB: number;
  rampB: number;
  coldExtraB: number;
  moqTolerance: number;
  depositP: number;
  depositB: number;
  balanceDaysP: number;
  balanceDaysB: number;
  goodCostP: number;
  goodCostB: number;
}

function makeContext(input: OptimiserInput): SimContext {
  const review = Math.max(1, Math.round(input.reviewPeriodDays || 1));
  const P = input.primary;
  const B = input.backup;
  return {
    review,
    reroute: input.reroute !== false,
    rateDaily: Math.max(0, input.carryingRatePerYear) / 365,
    penalty: Math.max(0, input.shortagePenaltyCentsPerUnit),
    capP: P.capacityUnitsPerMonth === null ? Infinity : (P.capacityUnitsPerMonth * review) / 30,
    capB: B.capacityUnitsPerMonth === null ? Infinity : (B.capacityUnitsPerMonth * review) / 30,
    moqP: Math.max(0, P.moqUnits),
    moqB: Math.max(0, B.moqUnits),
    costP: P.unitCostCents,
    costB: B.unitCostCents,
    rampB: Math.max(0, B.rampUpDays),
    coldExtraB: Math.max(0, B.coldStartExtraDays ?? DEFAULT_COLD_START_EXTRA_DAYS),
    moqTolerance: input.moqToleranceCents,
    depositP: clamp01(P.depositShare),
    depositB: clamp01(B.depositShare),
    balanceDaysP: Math.max(0, (P.transitDays || 0) - (P.paymentTermsDays || 0)),
    balanceDaysB: Math.max(0, (B.transitDays || 0) - (B.paymentTermsDays || 0)),
    goodCostP: P.unitCostCents / (1 - clamp01(P.defectRate) * 0.999),
    goodCostB: B.unitCostCents / (1 - clamp01(B.defectRate) * 0.999),
  };
}

/** Mutable state of one replication (monomorphic numeric fields keep the hot loop fast). */
interface RepState {
  pipeline: number;
  kP: number;
  kB: number;
  credit: number;
  pipelineFinance: number;
  pipelineValueDays: number;
  /** Day of the last order placed with the backup (warmth). */
  lastBackupOrderDay: number;
}

/**
 * Places the review-day order q = ⌈S − on hand − pipeline⌉ split by f with the §7A limits:
 * a down supplier takes nothing (its share is rerouted to the other after the backup's ramp-up,
 * 30 days longer when the backup is cold: no order in the last 60 days),
 * capacity overflow moves across, a backup order under its MOQ is rounded up within tolerance or
 * carried to the next review, the primary is rounded up to its MOQ. Arrivals land on the first
 * day the supplier is up at or after placement + drawn lead time.
 */
function placeOrder(
  ctx: SimContext,
  streams: Streams,
  st: RepState,
  arrUnits: Float64Array,
  arrValue: Float64Array,
  rep: number,
  t: number,
  f: number,
  need: number,
): void {
  const { span, maxOrders, horizon } = streams;
  const sBase = rep * span;
  const oBase = rep * maxOrders;
  const q = Math.ceil(need);
  const pDown = streams.down[0][sBase + t] === 1;
  const bDown = streams.down[1][sBase + t] === 1;
  let qB = f * q + st.credit;
  if (qB > q) qB = q;
  let qP = q - qB;
  st.credit = 0;
  if (pDown) {
    const cold = t - st.lastBackupOrderDay > WARM_WINDOW_DAYS;
    if (ctx.reroute && t - streams.downSince[0][sBase + t] >= ctx.rampB + (cold ? ctx.coldExtraB : 0)) qB += qP;
    qP = 0;
  }
  if (bDown) {
    if (ctx.reroute && !pDown) qP += qB;
    qB = 0;
  }
  if (qB > ctx.capB) {
    if (!pDown) qP += qB - ctx.capB;
    qB = ctx.capB;
  }
  if (qP > ctx.capP) {
    const over = qP - ctx.capP;
    qP = ctx.capP;
    if (!bDown) qB = Math.min(ctx.capB, qB + over);
  }
  if (qB > 0 && qB < ctx.moqB) {
    const extra = (ctx.moqB - qB) * (ctx.costB - ctx.costP);
    if (!pDown && extra <= ctx.moqTolerance && ctx.moqB - qB <= qP) {
      qP -= ctx.moqB - qB;
      qB = ctx.moqB;
    } else if (pDown) {
      qB = Math.min(ctx.moqB, ctx.capB);
    } else {
      st.credit = qB;
      qP += qB;
      qB = 0;
    }
  }
  if (qP > 0 && qP < ctx.moqP) qP = Math.min(ctx.moqP, ctx.capP);
  qP = Math.round(qP);
  qB = Math.round(qB);
  if (qP > 0 && st.kP < maxOrders) {
    const lead = streams.lead[0][oBase + st.kP];
    const good = qP * streams.goodShare[0][oBase + st.kP];
    st.kP += 1;
    let day = t + lead;
    if (day < span) day = streams.nextUp[0][sBase + day];
    if (day < horizon) {
      arrUnits[day] += good;
      arrValue[day] += qP * ctx.costP;
    }
    st.pipeline += good;
    const paid = qP * ctx.costP * (ctx.depositP * lead + (1 - ctx.depositP) * Math.min(ctx.balanceDaysP, lead));
    st.pipelineFinance += paid * ctx.rateDaily;
    st.pipelineValueDays += paid;
  }
  if (qB > 0 && st.kB < maxOrders) {
    st.lastBackupOrderDay = t;
    const lead = streams.lead[1][oBase + st.kB];
    const good = qB * streams.goodShare[1][oBase + st.kB];
    st.kB += 1;
    let day = t + lead;
    if (day < span) day = streams.nextUp[1][sBase + day];
    if (day < horizon) {
      arrUnits[day] += good;
      arrValue[day] += qB * ctx.costB;
    }
    st.pipeline += good;
    const paid = qB * ctx.costB * (ctx.depositB * lead + (1 - ctx.depositB) * Math.min(ctx.balanceDaysB, lead));
    st.pipelineFinance += paid * ctx.rateDaily;
    st.pipelineValueDays += paid;
  }
}

/**
 * One replication of one share over the horizon (cents). Each day: receive arrivals, review
 * (every R days) and order, serve demand from stock (lost sales when short), value sold units at
 * the moving average cost of stock on hand (purchase = cost of goods sold, so defective units
 * raise the cost per good unit), accrue r/365 × stock value as holding cost.
 */
function simulateReplication(ctx: SimContext, streams: Streams, rep: number, f: number, orderUpTo: number, scratch: Scratch): RepCost {
  const horizon = streams.horizon;
  const arrUnits = scratch.units;
  const arrValue = scratch.value;
  arrUnits.fill(0);
  arrValue.fill(0);
  const st: RepState = { pipeline: 0, kP: 0, kB: 0, credit: 0, pipelineFinance: 0, pipelineValueDays: 0, lastBackupOrderDay: -1e9 };
  const demand = streams.demand;
  const dBase = rep * horizon;
  const review = ctx.review;
  let onHand = orderUpTo;
  let value = orderUpTo * ((1 - f) * ctx.goodCostP + f * ctx.goodCostB);
  let purchase = 0;
  let holdingValueDays = 0;
  let short = 0;
  let stockoutDays = 0;
  let demandTotal = 0;
  let nextReview = 0;
  for (let t = 0; t < horizon; t += 1) {
    const arrived = arrUnits[t];
    if (arrived > 0) {
      onHand += arrived;
      value += arrValue[t];
      st.pipeline -= arrived;
    }
    if (t === nextReview) {
      nextReview += review;
      const need = orderUpTo - onHand - st.pipeline;
      if (need > 0) placeOrder(ctx, streams, st, arrUnits, arrValue, rep, t, f, need);
    }
    const d = demand[dBase + t];
    demandTotal += d;
    if (d > 0) {
      let sold = d;
      if (d > onHand) {
        sold = onHand;
        short += d - onHand;
        stockoutDays += 1;
      }
      if (sold > 0) {
        const cogs = (value * sold) / onHand;
        purchase += cogs;
        value -= cogs;
        onHand -= sold;
        if (onHand <= 1e-9) {
          onHand = 0;
          value = 0;
        }
      }
    }
    holdingValueDays += value;
  }
  return {
    purchase,
    capital: holdingValueDays * ctx.rateDaily + st.pipelineFinance,
    shortage: short * ctx.penalty,
    stockoutDays,
    unitsShort: short,
    demand: demandTotal,
    avgWorkingCapital: (holdingValueDays + st.pipelineValueDays) / horizon,
  };
}

interface Scratch {
  units: Float64Array;
  value: Float64Array;
}

interface Accumulator {
  share: number;
  orderUpTo: number;
  reps: number;
  totals: Float64Array;
  purchase: number[];
  capital: number[];
  shortage: number[];
  stockoutDays: number;
  unitsShort: number;
  demand: number;
  workingCapital: number;
  alive: boolean;
}

function estimate(values: readonly number[] | Float64Array, n: number): Estimate {
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i += 1) ss += (values[i] - mean) ** 2;
  const half = n > 1 ? (1.96 * Math.sqrt(ss / (n - 1))) / Math.sqrt(n) : 0;
  return { mean, low: mean - half, high: mean + half };
}

/** Mean and standard error of the paired difference a − b over the first n replications. */
function pairedDiff(a: Float64Array, b: Float64Array, n: number): { mean: number; se: number } {
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += a[i] - b[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i += 1) ss += (a[i] - b[i] - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : Number.POSITIVE_INFINITY };
}

function validate(input: OptimiserInput): void {
  const bad: string[] = [];
  const check = (name: string, x: number, min = 0) => {
    if (!Number.isFinite(x) || x < min) bad.push(`${name} = ${x}`);
  };
  check("unitsPerDay", input.unitsPerDay);
  check("unitsPerDaySd", input.unitsPerDaySd);
  check("reviewPeriodDays", input.reviewPeriodDays);
  check("carryingRatePerYear", input.carryingRatePerYear);
  check("shortagePenaltyCentsPerUnit", input.shortagePenaltyCentsPerUnit);
  for (const [label, s] of [["primary", input.primary], ["backup", input.backup]] as const) {
    check(`${label}.unitCostCents`, s.unitCostCents);
    check(`${label}.leadTimeDays`, s.leadTimeDays);
    check(`${label}.leadTimeSdDays`, s.leadTimeSdDays);
    check(`${label}.meanOutageDays`, s.meanOutageDays);
    if (!(s.defectRate >= 0 && s.defectRate < 1)) bad.push(`${label}.defectRate = ${s.defectRate}`);
    if (!(s.onTimeRate >= 0 && s.onTimeRate <= 1)) bad.push(`${label}.onTimeRate = ${s.onTimeRate}`);
    if (!(s.disruptionProbabilityPerYear >= 0 && s.disruptionProbabilityPerYear <= 1)) bad.push(`${label}.disruptionProbabilityPerYear = ${s.disruptionProbabilityPerYear}`);
  }
  if (bad.length > 0) throw new RangeError(`optimiseSplit got invalid input: ${bad.join(", ")}`);
}

/**
 * Simulation optimiser over backup shares f ∈ {0, step, …, 1} (plus `extraShares`), 365 days ×
 * up to `maxReplications` replications with common random numbers and racing (batches of 20; a
 * share leaves the race when its paired cost difference to the best exceeds 4 standard errors;
 * the race also stops before exceeding `maxDaySteps`). Returns the share
 * with the lowest mean annual cost (cents/yr) and every share's cost breakdown with 95% CIs.
 */
export function optimiseSplit(input: OptimiserInput, options: OptimiserOptions = {}): OptimiserResult {
  validate(input);
  const seed = options.seed ?? DEFAULT_SEED;
  const maxReps = Math.max(2, Math.floor(options.maxReplications ?? 200));
  const batch = Math.max(2, Math.floor(options.batchReplications ?? 20));
  const horizon = Math.max(30, Math.floor(options.horizonDays ?? 365));
  const step = options.gridStep ?? 0.05;
  const shareSet = new Set<number>();
  for (let i = 0; i <= Math.round(1 / step); i += 1) shareSet.add(Math.round(i * step * 1e6) / 1e6);
  for (const s of options.extraShares ?? []) if (s >= 0 && s <= 1) shareSet.add(Math.round(s * 1e6) / 1e6);
  const shares = [...shareSet].sort((a, b) => a - b);
  const streams = buildStreams(input, maxReps, horizon, seed);
  const scratch: Scratch = { units: new Float64Array(streams.span), value: new Float64Array(streams.span) };
  const ctx = makeContext(input);
  const accs: Accumulator[] = shares.map((share) => ({
    share,
    orderUpTo: orderUpToLevel(input, share),
    reps: 0,
    totals: new Float64Array(maxReps),
    purchase: [],
    capital: [],
    shortage: [],
    stockoutDays: 0,
    unitsShort: 0,
    demand: 0,
    workingCapital: 0,
    alive: true,
  }));
  let daySteps = 0;
  let done = 0;
  const budget = Math.max(0, options.maxDaySteps ?? 1_200_000);
  while (done < maxReps) {
    const until = Math.min(maxReps, done + batch);
    const aliveCount = accs.filter((a) => a.alive).length;
    if (done > 0 && daySteps + aliveCount * (until - done) * horizon > budget) break;
    for (const acc of accs) {
      if (!acc.alive) continue;
      for (let r = done; r < until; r += 1) {
        const c = simulateReplication(ctx, streams, r, acc.share, acc.orderUpTo, scratch);
        acc.totals[r] = c.purchase + c.capital + c.shortage;
        acc.purchase.push(c.purchase);
        acc.capital.push(c.capital);
        acc.shortage.push(c.shortage);
        acc.stockoutDays += c.stockoutDays;
        acc.unitsShort += c.unitsShort;
        acc.demand += c.demand;
        acc.workingCapital += c.avgWorkingCapital;
        acc.reps += 1;
        daySteps += horizon;
      }
    }
    done = until;
    // Racing: drop shares clearly worse than the current best (paired over the same replications).
    const alive = accs.filter((a) => a.alive);
    const best = argminMean(alive, done);
    for (const acc of alive) {
      if (acc === best) continue;
      const diff = pairedDiff(acc.totals, best.totals, done);
      if (diff.mean > 4 * diff.se && diff.mean > 1e-6 * Math.abs(meanOf(best.totals, done))) acc.alive = false;
    }
    if (accs.filter((a) => a.alive).length === 1) break;
  }
  const finalists = accs.filter((a) => a.alive);
  const best = argminMean(finalists, done);
  const indistinguishable = finalists
    .filter((a) => {
      if (a === best) return true;
      const diff = pairedDiff(a.totals, best.totals, done);
      return diff.mean <= 2 * diff.se;
    })
    .map((a) => a.share);
  const candidates = accs.map(toShareCost);
  const bestCost = candidates[accs.indexOf(best)];
  return { bestBackupShare: best.share, best: bestCost, candidates, indistinguishableShares: indistinguishable, dayStepsSimulated: daySteps, seed };
}

function toShareCost(acc: Accumulator): ShareCost {
  const n = acc.reps;
  return {
    backupShare: acc.share,
    replications: n,
    totalCents: estimate(acc.totals, n),
    purchaseCents: estimate(acc.purchase, n),
    workingCapitalCents: estimate(acc.capital, n),
    shortageCents: estimate(acc.shortage, n),
    stockoutDays: n > 0 ? acc.stockoutDays / n : 0,
    unitsShort: n > 0 ? acc.unitsShort / n : 0,
    averageWorkingCapitalCents: n > 0 ? acc.workingCapital / n : 0,
    fillRate: acc.demand > 0 ? 1 - acc.unitsShort / acc.demand : 1,
    orderUpToUnits: acc.orderUpTo,
  };
}

function meanOf(values: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[i];
  return n > 0 ? sum / n : 0;
}

function argminMean(accs: readonly Accumulator[], n: number): Accumulator {
  let best = accs[0];
  let bestMean = meanOf(best.totals, n);
  for (const acc of accs) {
    const m = meanOf(acc.totals, n);
    if (m < bestMean - 1e-9) {
      best = acc;
      bestMean = m;
    }
  }
  return best;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
