/**
 * Plain, serialisable inputs and outputs of the planning engine. Units live in the names:
 * `…Cents` = integer minor units of the shop currency on input (outputs may carry fractional
 * cents), `…Days` = calendar days, `…UnitsPerDay` = units per calendar day, `…Pct` = 0–100,
 * `…Share`/`…Rate`/`…Probability` = 0–1. Days are shop-local "YYYY-MM-DD" labels.
 */

/** A shop-local calendar day, "YYYY-MM-DD". */
export type IsoDay = string;

/**
 * A daily series. Typed arrays (Float64Array / Int32Array) are the fast path for large shops;
 * plain number arrays work too. Index i is the day `startDay + i`.
 */
export type DailyValues = ArrayLike<number>;

/** The merchant's planning dials (ShopSettings) plus a few engine constants with defaults. */
export interface PlanningSettings {
  /** Cycle service level target CSL in percent (clamped to [50, 99.99]). */
  serviceLevelPct: number;
  /** Primary share when the primary is healthy (rule engine baseline, e.g. 80). */
  baselinePrimaryPct: number;
  /** Primary share when the primary is unhealthy (e.g. 70). */
  unhealthyPrimaryPct: number;
  /** N: consecutive late POs that trigger a shift (and on-time POs that undo one step). */
  lateStreakPos: number;
  /** Percentage points moved to the backup per trigger. */
  shiftStepPct: number;
  /** Maximum total shift in percentage points. */
  maxShiftPct: number;
  /** The backup never goes below this share while qualified ("keep it warm"). */
  minBackupPct: number;
  /** A PO is late when received more than this many days after its promised date. */
  lateGraceDays: number;
  /** Pause new primary volume when its defect rate exceeds this (percent of received units). */
  defectThresholdPct: number;
  /** A backup is "meaningfully cheaper" when its cost per good unit is this % below the primary's. */
  costImprovementPct: number;
  /** Annual carrying rate r for working capital (cost of capital + storage + obsolescence), %/yr. */
  workingCapitalRatePct: number;
  /** Share of a PO paid as a deposit when it is placed, % (the default for suppliers without one). */
  depositPct: number;
  /** Days after shipment until the balance is due (default for suppliers without their own). */
  paymentTermsDays: number;
  /** Days between reorder reviews R (periodic review; 0 = continuous review). */
  reviewPeriodDays: number;
  /** Trailing window for velocity, revenue and reliance, in days. */
  velocityWindowDays: number;
  /** Extra cost (cents) the rule engine accepts to round a small backup order up to its MOQ. */
  moqToleranceCents?: number;
  /** Goodwill cost of a lost sale on top of the lost margin, cents per unit (shortage penalty). */
  goodwillCentsPerUnitShort?: number;
  /** Length of the default "primary unavailable" what-if, days. */
  disruptionWhatIfDays?: number;
}

/** Defaults matching the ShopSettings column defaults and planning-math §7A. */
export const DEFAULT_PLANNING_SETTINGS: Readonly<Required<PlanningSettings>> = Object.freeze({
  serviceLevelPct: 95,
  baselinePrimaryPct: 80,
  unhealthyPrimaryPct: 70,
  lateStreakPos: 3,
  shiftStepPct: 10,
  maxShiftPct: 20,
  minBackupPct: 10,
  lateGraceDays: 2,
  defectThresholdPct: 5,
  costImprovementPct: 5,
  workingCapitalRatePct: 25,
  depositPct: 30,
  paymentTermsDays: 30,
  reviewPeriodDays: 7,
  velocityWindowDays: 90,
  moqToleranceCents: 10_000,
  goodwillCentsPerUnitShort: 0,
  disruptionWhatIfDays: 30,
});

/** Daily sales and stock history of one SKU (variant), as materialised from DailySales/InventorySnapshot. */
export interface DailyHistory {
  /** Day of index 0. */
  startDay: IsoDay;
  /** Units ordered per day (gross of later returns; cancellations before fulfilment removed). */
  units: DailyValues;
  /** Net revenue per day, cents. */
  revenueCents: DailyValues;
  /** Units bought by returning customers per day (optional; repeat share is null without it). */
  repeatUnits?: DailyValues;
  /**
   * Available units at the start of each day (Shopify "available", from the daily snapshot).
   * NaN = no snapshot that day. Without the array every day counts as in stock.
   */
  availableAtStart?: DailyValues;
}

/** Where the SKU is in qualification with a supplier (SupplierAssignment.stage). */
export type SupplierStage = "candidate" | "pilot" | "qualified" | "active" | "paused";

/** One supplier's terms for one SKU (SupplierAssignment + Supplier). */
export interface SupplierTerms {
  supplierId: string;
  name: string;
  role: "primary" | "backup";
  stage: SupplierStage;
  /** The merchant's current allocation, 0–100. */
  allocationPct: number;
  /** Quoted lead time, PO placed → stock available, days. */
  leadTimeDays: number;
  /** Quoted lead-time sd, days (null = unknown: prior of 25% of the lead time). */
  leadTimeSdDays: number | null;
  moqUnits: number;
  /** Landed cost per unit (price + freight + duties + fulfilment in), cents; null = unknown. */
  landedCostCents: number | null;
  capacityUnitsPerMonth: number | null;
  region?: string;
  /** Deposit paid at PO placement, % (falls back to settings.depositPct). */
  depositPct?: number;
  /** Days after shipment until the balance is due (falls back to settings.paymentTermsDays). */
  paymentTermsDays?: number;
  /** Days in transit after shipment (the balance is invoiced at shipment); default 0. */
  transitDays?: number;
  /** Chance per year the supplier becomes unavailable (0–1); default 0.05 for unknown. */
  disruptionProbabilityPerYear?: number;
  /** Mean length of an outage, days (default 30). */
  meanOutageDays?: number;
  /** Days a backup needs before it can take volume beyond its current share (default 14). */
  rampUpDays?: number;
}

/** A purchase order (PurchaseOrder row); quantities in units, cost per unit in cents. */
export interface PurchaseOrderRecord {
  id: string;
  supplierId: string;
  isPilot: boolean;
  orderedUnits: number;
  placedOn: IsoDay;
  promisedOn: IsoDay;
  receivedOn: IsoDay | null;
  receivedUnits: number | null;
  defectiveUnits: number | null;
  /** Landed cost per unit on this PO, cents (null = use the assignment's). */
  landedCostCents: number | null;
}

export type SwitchingFriction = "low" | "medium" | "high";

/** The merchant's production-risk answers (SkuRiskProfile). */
export interface RiskProfile {
  singleRegion: boolean;
  capacityConstrained: boolean;
  complexMaterials: boolean;
  heavyManualSteps: boolean;
  switchingFriction: SwitchingFriction;
}

/** Everything the engine needs about one SKU. */
export interface SkuPlanningInput {
  variantId: string;
  title?: string;
  /** Current list price per unit, cents (used when no sale in the window gives a net price). */
  priceCents: number;
  /** Unit cost from Shopify, cents; null = unknown (margin null, costs fall back to suppliers'). */
  unitCostCents: number | null;
  /** Available units now (Shopify available: on hand minus committed). */
  availableUnits: number;
  /** "Continue selling when out of stock": stock-out days are backorders, not censored. */
  sellsWhenOutOfStock?: boolean;
  history: DailyHistory;
  suppliers: SupplierTerms[];
  purchaseOrders: PurchaseOrderRecord[];
  riskProfile?: RiskProfile;
  /** Backup units owed from earlier orders (carried forward for MOQ), default 0. */
  carriedBackupUnits?: number;
}

/** A machine-readable reason with its one-sentence plain explanation. */
export interface Reason {
  code: ReasonCode;
  text: string;
}

export type ReasonCode =
  // velocity
  | "SHORT_HISTORY"
  | "HEAVILY_CENSORED"
  | "NO_SALES_IN_WINDOW"
  | "FEW_SALES"
  // reliance / priority
  | "TOP_REVENUE"
  | "HIGH_REVENUE_AT_RISK"
  | "REPEAT_BUYERS"
  | "SINGLE_SOURCE"
  | "SINGLE_REGION"
  | "CAPACITY_CONSTRAINED"
  | "COMPLEX_MATERIALS"
  | "HEAVY_MANUAL_STEPS"
  | "VOLATILE_LEAD_TIME"
  | "LATE_HISTORY"
  | "DEFECT_HISTORY"
  | "HIGH_SWITCHING_FRICTION"
  | "LOW_SWITCHING_FRICTION"
  | "BACKUP_IN_PLACE"
  | "LOW_REVENUE"
  // stockout risk
  | "OUT_OF_STOCK"
  | "STOCKOUT_LIKELY"
  | "COVER_BELOW_LEAD_TIME"
  | "NO_DEMAND"
  // split rules
  | "BASELINE_HEALTHY"
  | "BASELINE_UNHEALTHY"
  | "LATE_STREAK_SHIFT"
  | "ON_TIME_RECOVERY"
  | "DEFECT_PAUSE"
  | "BACKUP_DEFECT_PAUSE"
  | "CHEAPER_BACKUP_TEST"
  | "KEEP_BACKUP_WARM"
  | "BACKUP_CAP_50"
  | "MOQ_ROUNDED_UP"
  | "MOQ_CARRIED_FORWARD"
  | "PRIMARY_MOQ_ROUNDED_UP"
  | "CAPACITY_OVERFLOW"
  | "BOTH_CAPACITY_BOUND"
  | "NO_QUALIFIED_BACKUP"
  | "PILOT_RECOMMENDED"
  | "NO_QUALIFIED_SUPPLIER"
  | "MISSING_COSTS"
  | "PRIMARY_BY_COST"
  // optimiser
  | "OPTIMISER_CHOICE"
  | "OPTIMISER_TIE";
