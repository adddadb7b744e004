/**
 * Money travels through the table as integer cents of the shop currency; MoneyBag and MoneyV2 turn
 * it into Shopify's wire form. (The store has one currency, so shop and presentment money agree.)
 */
import { decimalFromCents } from "../format";
import { defineType, value } from "./types";

export const moneyResolvers = [
  defineType<number>("MoneyBag", {
    shopMoney: value((cents) => cents),
    presentmentMoney: value((cents) => cents),
  }),
  defineType<number>("MoneyV2", {
    amount: value((cents) => decimalFromCents(cents)),
    currencyCode: value((_cents, _args, context) => context.shop.data.shop.currencyCode),
  }),
];
