/** Formats integer minor units (cents) in the shop's currency, e.g. 123456 USD → "$1,234.56". */
export function formatCents(cents: number, currencyCode: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(cents / 100);
}

