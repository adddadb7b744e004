/** The one Admin API version the emulator serves (its schema is vendored in app/shopify/schema). */
export const API_VERSION = "2026-10";

export const GRAPHQL_PATH = `/admin/api/${API_VERSION}/graphql.json`;

/** Where bulk-operation result files are served (a stand-in for Shopify's signed storage URLs). */
export const BULK_RESULTS_PATH = "/bulk-results/";

export const CONTROL_PATH = "/__emulator/";
