/**
 * The one Admin API version Backstop speaks. shopify.server.ts, the background Admin client, the
 * GraphQL validation tests and the emulator all read it from here; a test checks that
 * shopify.app.toml declares the same version.
 */
export const API_VERSION = "2026-10";

/** Path of the Admin GraphQL endpoint for API_VERSION, relative to a shop's admin origin. */
export const ADMIN_GRAPHQL_PATH = `/admin/api/${API_VERSION}/graphql.json`;
