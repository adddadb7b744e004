/** Scopes a generated or loaded shop grants when none are given: everything Backstop reads. */
export const DEFAULT_SCOPES: readonly string[] = ["read_orders", "read_all_orders", "read_products", "read_inventory"];
