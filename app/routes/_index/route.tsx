import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getEnv } from "~/env.server";

// Shopify opens the app at / with ?shop=…; the app itself lives under /app. The demo has no
// Shopify around it, so it goes straight there.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop") || getEnv().BACKSTOP_DEMO) {
    throw redirect(`/app?${url.searchParams.toString()}`);
  }
  throw redirect("/auth/login");
}
