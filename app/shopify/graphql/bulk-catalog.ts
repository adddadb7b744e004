/**
 * The catalog as a bulk export (for catalogs larger than one page): every variant with its
 * product, price, unit cost, and its inventory item's levels per location with the four
 * quantities planning uses. A bulk export costs no rate-limit points, where paging 5,000 variants
 * with their levels costs ~75,000. Needs read_products and read_inventory only: levels are reached
 * through the inventory item, not the location (which needs read_locations).
 */
export const BULK_CATALOG = `#graphql
  query BackstopBulkCatalog {
    productVariants {
      edges {
        node {
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
            inventoryLevels {
              edges {
                node {
                  location {
                    id
                  }
                  quantities(names: ["available", "on_hand", "incoming", "committed"]) {
                    name
                    quantity
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
