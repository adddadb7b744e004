import type { InventoryLevelConnection } from "./variants-page";

/**
 * The rest of one inventory item's levels, for items stocked at more locations than the variants
 * page reads inline. Requested cost is 1 + 2 + first × 3, so first ≤ 250 stays under the cap.
 */
export const INVENTORY_LEVELS_PAGE = `#graphql
  query BackstopInventoryLevelsPage($inventoryItemId: ID!, $after: String) {
    inventoryItem(id: $inventoryItemId) {
      inventoryLevels(first: 250, after: $after) {
        nodes {
          location {
            id
          }
          quantities(names: ["available", "on_hand", "incoming", "committed"]) {
            name
            quantity
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export interface InventoryLevelsPageData {
  inventoryItem: { inventoryLevels: InventoryLevelConnection } | null;
}

export interface InventoryLevelsPageVariables {
  [name: string]: unknown;
  inventoryItemId: string;
  after: string | null;
}
