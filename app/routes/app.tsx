import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { requireMerchant } from "~/shopify.server";
import { getEnv } from "~/env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const merchant = await requireMerchant(request);
  return { apiKey: getEnv().SHOPIFY_API_KEY, isDemo: merchant.isDemo, shop: merchant.shop };
}

export default function AppLayout() {
  const { apiKey, isDemo } = useLoaderData<typeof loader>();
  // In demo mode there is no Shopify admin around the app, so App Bridge (loaded from Shopify's
  // CDN) is left out and Polaris renders on its own.
  return (
    <AppProvider isEmbeddedApp={!isDemo} apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so their headers (e.g. the re-auth header
// for an expired session token) reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
