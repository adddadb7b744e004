/**
 * App Bridge calls that degrade gracefully: in demo mode and in tests there is no Shopify admin
 * around the app and `window.shopify` is undefined. Call these only from event handlers and
 * effects (never while rendering: the server has no window either).
 */

interface ShopifyGlobal {
  toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
}

function appBridge(): ShopifyGlobal | undefined {
  if (typeof window === "undefined") return undefined;
  return (window as unknown as { shopify?: ShopifyGlobal }).shopify;
}

/** True in the browser inside Shopify admin (App Bridge loaded); false on the server and in demo mode. */
export function hasAppBridgeToast(): boolean {
  return appBridge()?.toast !== undefined;
}

/** Shows an App Bridge toast; returns false when App Bridge is absent so the caller can show a banner instead. */
export function showToast(message: string, options: { isError?: boolean } = {}): boolean {
  const toast = appBridge()?.toast;
  if (!toast) return false;
  toast.show(message, { isError: options.isError, duration: 5000 });
  return true;
}

/**
 * Downloads a file from an app route. A plain link would open without the session token inside
 * Shopify admin; `fetch` gets it from App Bridge (which patches fetch), or needs none in demo mode.
 */
export async function downloadFromApp(url: string, fileName: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Download failed (${response.status})`);
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = objectUrl;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(objectUrl);
}
