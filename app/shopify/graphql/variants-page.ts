/**
 * One page of the catalog: variants with their product, price, unit cost and the inventory item's
 * levels at up to 10 locations with the four quantities planning uses (items stocked at more
 * locations continue with BackstopInventoryLevelsPage). Needs read_products and read_inventory
 * only: levels are reached through the inventory item, not the location (which needs
 * read_locations). Requested cost is 2 + first × 36, so first ≤ 25 stays under the 1,000-point cap.
 */
export const VARIANTS_PAGE = `#graphql
  query BackstopVariantsPage($first: Int!, $after: String) {
    productVariants(first: $first, after: $after, sortKey: ID) {
      nodes {
        id
        title
        sku
        price
        product {
          id
          title
          vendor
          productType
          status
        }
        inventoryItem {
          id
          unitCost {
            amount
          }
          inventoryLevels(first: 10) {
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
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface InventoryLevelNode {
  location: { id: string };
  quantities: Array<{ name: string; quantity: number }>;
}

export interface InventoryLevelConnection {
  nodes: InventoryLevelNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface VariantsPageNode {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  product: { id: string; title: string; vendor: string; productType: string; status: string };
  inventoryItem: { id: string; unitCost: { amount: string } | null; inventoryLevels: InventoryLevelConnection };
}

export interface VariantsPageData {
  productVariants: {
    nodes: VariantsPageNode[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export interface VariantsPageVariables {
  [name: string]: unknown;
  first: number;
  after: string | null;
}
