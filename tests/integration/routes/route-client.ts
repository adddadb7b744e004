import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";

// An embedded app's fetch: Authorization: Bearer <session token> from a browser (the library
// treats requests without a browser User-Agent differently).
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** A request signed with a real session token for `shop` ("alpha.myshopify.com"). */
export async function signedRequest(shop: string, path: string, init: { method?: string; body?: FormData } = {}): Promise<Request> {
  const { token } = await getJwt(shop.replace(".myshopify.com", ""), API_KEY, API_SECRET_KEY);
  return new Request(`https://backstop.test${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    body: init.body,
    headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA },
  });
}

export interface RouteResult<T> {
  status: number;
  data: T;
  response?: Response;
}

function isDataWithInit(value: unknown): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

/** Calls a loader or action the way Remix would and normalises what it returns or throws. */
export async function callRoute<T = unknown>(
  handler: (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>,
  request: Request,
  params: Record<string, string> = {},
): Promise<RouteResult<T>> {
  let value: unknown;
  try {
    value = await handler({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: (await thrown.text()) as T, response: thrown };
    throw thrown;
  }
  if (value instanceof Response) return { status: value.status, data: (await value.clone().text()) as T, response: value };
  if (isDataWithInit(value)) return { status: value.init?.status ?? 200, data: value.data as T };
  return { status: 200, data: value as T };
}

export function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, item);
  }
  return form;
}
