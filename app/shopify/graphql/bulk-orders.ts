/**
 * The inner query of the orders bulk export, for shops that did not grant read_customers (Order.customer
 * needs it): everything daily sales need, without the customer. `__SEARCH__` is replaced by the
 * orders search (see buildBulkOrdersQuery); bulk queries cannot take variables.
 */
export const BULK_ORDERS = `#graphql
  query BackstopBulkOrders {
    orders(query: "__SEARCH__", sortKey: PROCESSED_AT) {
      edges {
        node {
          id
          createdAt
          processedAt
          updatedAt
          cancelledAt
          test
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
