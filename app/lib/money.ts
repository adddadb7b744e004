/** Formats integer minor units (cents) in the shop's currency, e.g. 123456 USD → "$1,234.56". */
export function formatCents(cents: number, currencyCode: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(cents / 100);
}

/** Formats a decimal amount string from the Admin API ("29.99") in the shop's currency. */
export function formatAmount(amount: string, currencyCode: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(Number(amount));
}
