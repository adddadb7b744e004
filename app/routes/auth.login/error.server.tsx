import { LoginErrorType } from "@shopify/shopify-app-remix/server";

interface LoginErrorMessage {
  shop?: string;
}

/** Turns the library's login error codes into words for the shop field. */
export function loginErrorMessage(loginErrors: unknown): LoginErrorMessage {
  if (typeof loginErrors !== "object" || loginErrors === null || !("shop" in loginErrors)) return {};
  const code = (loginErrors as { shop?: unknown }).shop;
  if (code === LoginErrorType.MissingShop) return { shop: "Enter your shop domain to log in" };
  if (code === LoginErrorType.InvalidShop) return { shop: "Enter a valid shop domain, e.g. my-shop.myshopify.com" };
  return {};
}
