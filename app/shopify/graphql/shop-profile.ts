/** Who the shop is: the timezone its days are counted in, and its currency. Read at the start of every run. */
export const SHOP_PROFILE = `#graphql
  query BackstopShopProfile {
    shop {
      name
      currencyCode
      ianaTimezone
      plan {
        publicDisplayName
      }
    }
  }
`;

export interface ShopProfileData {
  shop: {
    name: string;
    currencyCode: string;
    ianaTimezone: string;
    plan: { publicDisplayName: string };
  };
}
