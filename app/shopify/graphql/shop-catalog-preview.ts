/**
 * The shop and the first page of its catalog, read live for the overview page (who the shop is,
 * and that the Admin connection works before the first sync has finished).
 */
export const SHOP_CATALOG_PREVIEW = `#graphql
  query BackstopShopCatalogPreview($first: Int!) {
    shop {
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan {
        publicDisplayName
      }
    }
    productVariants(first: $first, sortKey: SKU) {
      nodes {
        id
        sku
        title
        price
        inventoryQuantity
        product {
          title
          vendor
        }
      }
    }
  }
`;

export interface ShopCatalogPreviewData {
  shop: {
    name: string;
    myshopifyDomain: string;
    currencyCode: string;
    ianaTimezone: string;
    plan: { publicDisplayName: string };
  };
  productVariants: {
    nodes: Array<{
      id: string;
      sku: string | null;
      title: string;
      price: string;
      inventoryQuantity: number | null;
      product: { title: string; vendor: string };
    }>;
  };
}
