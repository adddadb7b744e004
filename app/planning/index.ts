/** Public surface of the planning engine (pure math; see docs/planning.md). */
export * from "./types";
export * from "./plan";
export { computeVelocity, computeStoreSeasonality, croston, sesFit, sesLevel, classifyDemand } from "./velocity";
export { computeStockoutRisk, daysOfCover, safetyStockAndReorderPoint, riskLevelFor, RISK_THRESHOLDS } from "./stockout-risk";
export { computeSupplierPerformance, effectiveCostPerGoodUnit } from "./supplier-performance";
export { recommendRuleSplit, applyOrderLimits } from "./split-rules";
export { optimiseSplit } from "./split-optimizer";
export { screenSplit, screenCost } from "./split-screen";
export { computeWorkingCapital, compareWorkingCapital } from "./working-capital";
export { projectDisruption, compareDisruption } from "./disruption";
export { REASON_CATALOGUE } from "./explain";
