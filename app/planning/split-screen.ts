/**
 * The closed-form per-cycle screen (planning-math §7B(ii); Dada et al. 2007, Tomlin 2006): a
 * scenario newsvendor over one cycle W = R + L_P with independent up/down suppliers. It ignores
 * stock carried between cycles, so it gives corner-ish answers: use it to explain and as a test
 * oracle, never for the final number (the simulation optimiser does that).
 */
import { standardNormalLoss } from "./stats";

export interface ScreenSupplier {
  unitCostCents: number;
  defectRate: number;
  leadTimeDays: number;
  disruptionProbabilityPerYear: number;
  moqUnits: number;
}

export interface ScreenInput {
  unitsPerDay: number;
  unitsPerDaySd: number;
  reviewPeriodDays: number;
  /** Primary lead-time sd with lateness folded in (§8.3), days. */
  leadTimeSdDays: number;
  /** Stock x available at the start of the cycle, units. */
  startingUnits: number;
  carryingRatePerYear: number;
  shortagePenaltyCentsPerUnit: number;
  primary: ScreenSupplier;
  backup: ScreenSupplier;
}

interface Window {
  mean: number;
  sd: number;
  days: number;
  downP: number;
  downB: number;
  holdingPerUnit: number;
}

function windowOf(input: ScreenInput): Window {
  const days = Math.max(0, input.reviewPeriodDays) + Math.max(0, input.primary.leadTimeDays);
  const d = Math.max(0, input.unitsPerDay);
  const mean = d * days;
  const sd = Math.sqrt(days * input.unitsPerDaySd ** 2 + d * d * input.leadTimeSdDays ** 2);
  const perCycle = (pi: number) => 1 - Math.pow(1 - Math.min(1, Math.max(0, pi)), days / 365);
  return {
    mean,
    sd,
    days,
    downP: perCycle(input.primary.disruptionProbabilityPerYear),
    downB: perCycle(input.backup.disruptionProbabilityPerYear),
    // h_W = r·c̄·W/365 with c̄ = the primary's unit cost (the value of a unit of stock).
    holdingPerUnit: (input.carryingRatePerYear * input.primary.unitCostCents * days) / 365,
  };
}

function shortfall(w: Window, y: number): number {
  if (w.sd === 0) return Math.max(w.mean - y, 0);
  return w.sd * standardNormalLoss((y - w.mean) / w.sd);
}

/**
 * Expected cost of one cycle, cents: Σ_s P(s)[Σ_{i up} c_i q_i + h_W·E(Y_s − D)^+ + p·E(D − Y_s)^+]
 * + r·Σ c_i q_i L_i/365, with Y_s = x + Σ_{i up}(1 − δ_i) q_i, D ~ N(d·W, √(W·sd_d² + d²·sd_L²)),
 * π_i = 1 − (1 − π_yr,i)^{W/365}, E(D − y)^+ = σ·G((y − μ)/σ), E(y − D)^+ = (y − μ) + σ·G.
 */
export function screenCost(input: ScreenInput, primaryUnits: number, backupUnits: number): number {
  const w = windowOf(input);
  const P = input.primary;
  const B = input.backup;
  const x = input.startingUnits;
  let total = 0;
  for (let pUp = 0; pUp <= 1; pUp += 1) {
    for (let bUp = 0; bUp <= 1; bUp += 1) {
      const prob = (pUp ? 1 - w.downP : w.downP) * (bUp ? 1 - w.downB : w.downB);
      if (prob === 0) continue;
      const y = x + (pUp ? (1 - P.defectRate) * primaryUnits : 0) + (bUp ? (1 - B.defectRate) * backupUnits : 0);
      const paid = (pUp ? P.unitCostCents * primaryUnits : 0) + (bUp ? B.unitCostCents * backupUnits : 0);
      const short = shortfall(w, y);
      const leftover = y - w.mean + short;
      total += prob * (paid + w.holdingPerUnit * leftover + input.shortagePenaltyCentsPerUnit * short);
    }
  }
  const r = input.carryingRatePerYear;
  return total + (r * (P.unitCostCents * primaryUnits * P.leadTimeDays + B.unitCostCents * backupUnits * B.leadTimeDays)) / 365;
}

export interface ScreenResult {
  primaryUnits: number;
  backupUnits: number;
  /** q_B ÷ (q_P + q_B); 0 when nothing is ordered. */
  backupShare: number;
  costCents: number;
}

/**
 * Grid search over (q_P, q_B) ∈ {0, Δ, 2Δ, …, Q_max}² plus each MOQ, keeping q_i = 0 or q_i ≥ MOQ_i.
 * Q_max = (μ_W + 5σ_W)/(1 − max δ); Δ = Q_max/steps. Ties keep the smaller backup quantity.
 */
export function screenSplit(input: ScreenInput, steps = 60): ScreenResult {
  const w = windowOf(input);
  const maxDefect = Math.max(input.primary.defectRate, input.backup.defectRate);
  const top = Math.max(1, (w.mean + 5 * w.sd) / (1 - Math.min(0.99, maxDefect)));
  const grid = (moq: number) => {
    const values = new Set<number>();
    for (let i = 0; i <= steps; i += 1) values.add((top * i) / steps);
    if (moq > 0 && moq <= top) values.add(moq);
    return [...values].filter((q) => q === 0 || q >= moq).sort((a, b) => a - b);
  };
  const gridP = grid(input.primary.moqUnits);
  const gridB = grid(input.backup.moqUnits);
  let best: ScreenResult = { primaryUnits: 0, backupUnits: 0, backupShare: 0, costCents: screenCost(input, 0, 0) };
  for (const qB of gridB) {
    for (const qP of gridP) {
      const cost = screenCost(input, qP, qB);
      if (cost < best.costCents - 1e-9 * Math.abs(best.costCents)) {
        best = { primaryUnits: qP, backupUnits: qB, backupShare: qP + qB > 0 ? qB / (qP + qB) : 0, costCents: cost };
      }
    }
  }
  return best;
}
