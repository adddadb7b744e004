/** `shop` and its plan. */
import { gid } from "../format";
import type { ShopState } from "../shop-state";
import { defineType, value } from "./types";

export const shopResolvers = [
  defineType<unknown>("QueryRoot", {
    shop: value((_root, _args, context) => context.shop),
  }),
  defineType<ShopState>("Shop", {
    id: value((shop) => gid("Shop", shop.shopId)),
    name: value((shop) => shop.data.shop.name),
    myshopifyDomain: value((shop) => shop.data.shop.domain),
    url: value((shop) => `https://${shop.data.shop.domain}`),
    email: value((shop) => `owner@${shop.data.shop.domain}`),
    contactEmail: value((shop) => `owner@${shop.data.shop.domain}`),
    currencyCode: value((shop) => shop.data.shop.currencyCode),
    ianaTimezone: value((shop) => shop.data.shop.ianaTimezone),
    plan: value((shop) => shop),
  }),
  defineType<ShopState>("ShopPlan", {
    displayName: value((shop) => shop.data.shop.planName),
    publicDisplayName: value((shop) => shop.data.shop.planName),
    partnerDevelopment: value((shop) => /develop|partner/i.test(shop.data.shop.planName)),
    shopifyPlus: value((shop) => /plus/i.test(shop.data.shop.planName)),
  }),
];
