/**
 * Calls from an admin UI extension to Backstop's own routes. Shopify admin resolves a relative
 * URL against the app's `application_url` and adds `Authorization: Bearer <session token>` to
 * the request itself, so the extension never handles a token (and never names a shop: the
 * server reads the shop from the verified token).
 */

export type AppResult<T> =
  | { ok: true; status: number; data: T }
  /** status 0: the request never got an answer (offline, app down). */
  | { ok: false; status: number; errors: Record<string, string> };

function errorsOf(body: unknown): Record<string, string> {
  if (typeof body !== "object" || body === null || !("errors" in body)) return {};
  const errors = (body as { errors: unknown }).errors;
  if (typeof errors !== "object" || errors === null) return {};
  return Object.fromEntries(Object.entries(errors).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

async function call<T>(path: string, init: RequestInit): Promise<AppResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, errors: {} };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // An answer without a JSON body (a proxy error page, a 204): only the status says anything.
  }
  if (!response.ok) return { ok: false, status: response.status, errors: errorsOf(body) };
  return { ok: true, status: response.status, data: body as T };
}

export function getFromApp<T>(path: string): Promise<AppResult<T>> {
  return call<T>(path, { method: "GET", headers: { Accept: "application/json" } });
}

export function postToApp<T>(path: string, body: unknown): Promise<AppResult<T>> {
  return call<T>(path, { method: "POST", headers: { Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

/**
 * A link into Backstop's embedded pages: the `app:` protocol lets Shopify admin build the app's
 * URL (embedded in admin) from a path relative to the app's root, e.g. "app/skus/123".
 */
export function backstopLink(path: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams(params).toString();
  return `app:${path.replace(/^\//, "")}${search ? `?${search}` : ""}`;
}
