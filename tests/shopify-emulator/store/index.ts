/**
 * The emulator's store: generate one (deterministic), load one from JSON Lines files, change it
 * the way a live shop changes, and compute the ground truth the app's daily sales must equal.
 */
export type * from "./types";
export { generateStore } from "./generator";
export type { GenerateOptions } from "./generator";
export { DEFAULT_RATES } from "./order-generator";
export type { CancellationStyle, RealismRates } from "./order-generator";
export { describePreset, generatePreset, isPresetName, PRESET_NAMES, presetOptions } from "./presets";
export type { PresetName, PresetRequest } from "./presets";
export {
  computeGroundTruth,
  computeUnattributedSales,
  groundTruthKey,
  isCountedOrder,
  netLineRevenueCents,
  sortedGroundTruth,
  writeGroundTruth,
} from "./ground-truth";
export type { UnattributedDaySales } from "./ground-truth";
export {
  addOrder,
  cancelOrder,
  deleteVariant,
  editRemoveUnits,
  markTest,
  refundLine,
  setInventory,
  StoreMutationError,
} from "./mutations";
export type { CancelOptions, DeleteVariantOptions, InventoryChange, NewOrder, NewOrderLine, RestockType } from "./mutations";
export { loadStoreFromFiles, StoreFileError } from "./jsonl-loader";
export { DEFAULT_SCOPES } from "./shop-defaults";
export type { StoreFiles } from "./jsonl-loader";
export { isoTime, moneyText, writeStoreToFiles } from "./jsonl-writer";
export { createShopClock } from "./time-zone";
export type { ShopClock } from "./time-zone";
export { ID_BLOCK_SIZE, idBaseForDomain } from "./id-allocator";
