/**
 * The inner query of the orders bulk export for shops that granted read_customers: the same as
 * BULK_ORDERS plus the customer's id, which is hashed on arrival (repeat-purchase metrics) and
 * never stored. `__SEARCH__` is replaced by the orders search (see buildBulkOrdersQuery).
 */
export const BULK_ORDERS_WITH_CUSTOMERS = `#graphql
  query BackstopBulkOrdersWithCustomers {
    orders(query: "__SEARCH__", sortKey: PROCESSED_AT) {
      edges {
        node {
          id
          createdAt
          processedAt
          updatedAt
          cancelledAt
          test
          customer {
            id
          }
          lineItems {
            edges {
              node {
                id
                sku
                quantity
                currentQuantity
                variant {
                  id
                }
                originalUnitPriceSet {
                  shopMoney {
                    amount
                    currencyCode
                  }
                }
                discountedTotalSet {
                  shopMoney {
                    amount
                    currencyCode
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
