import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useLocation, useNavigation, useRouteError } from "@remix-run/react";
import { InlineStack } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { requireMerchant } from "~/shopify.server";
import { getEnv } from "~/env.server";
import { PageSkeleton } from "~/components/PageSkeleton";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: polarisVizStyles },
];

// Pages without their own title get the app's name (Remix uses the deepest route's meta).
export const meta: MetaFunction = () => [{ title: "Backstop" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const merchant = await requireMerchant(request);
  return { apiKey: getEnv().SHOPIFY_API_KEY, isDemo: merchant.isDemo, shop: merchant.shop };
}

const NAV_LINKS = [
  { to: "/app", label: "Overview" },
  { to: "/app/skus", label: "SKUs" },
  { to: "/app/suppliers", label: "Suppliers" },
  { to: "/app/assignments", label: "Assignments" },
  { to: "/app/settings", label: "Settings" },
] as const;

export default function AppLayout() {
  const { apiKey, isDemo } = useLoaderData<typeof loader>();
  // In demo mode there is no Shopify admin around the app, so App Bridge (loaded from Shopify's
  // CDN) is left out and Polaris renders on its own; the admin's side navigation (NavMenu, an App
  // Bridge element) then has nowhere to appear, so the same links are shown as a bar above the page.
  return (
    <AppProvider isEmbeddedApp={!isDemo} apiKey={apiKey}>
      {isDemo ? (
        <DemoNav />
      ) : (
        <NavMenu>
          {NAV_LINKS.map((link, i) => (
            <Link key={link.to} to={link.to} rel={i === 0 ? "home" : undefined}>
              {link.label}
            </Link>
          ))}
        </NavMenu>
      )}
      <PageOrSkeleton />
    </AppProvider>
  );
}

/**
 * The page, or the next page's skeleton while that page's data loads. Only a move to another
 * path shows it: a search or filter (same path, new query) or a form's save keeps the page, so a
 * field being typed in is never swapped out.
 */
function PageOrSkeleton() {
  const navigation = useNavigation();
  const location = useLocation();
  const next = navigation.state === "loading" ? navigation.location : undefined;
  return next && next.pathname !== location.pathname ? <PageSkeleton pathname={next.pathname} /> : <Outlet />;
}

function DemoNav() {
  return (
    <nav aria-label="Backstop" style={{ padding: "var(--p-space-300) var(--p-space-500)", borderBottom: "1px solid var(--p-color-border)", background: "var(--p-color-bg-surface)" }}>
      <InlineStack gap="400">
        {NAV_LINKS.map((link) => (
          <NavLink key={link.to} to={link.to} end={link.to === "/app"} style={({ isActive }) => ({ fontWeight: isActive ? 650 : 450, color: "var(--p-color-text)" })}>
            {link.label}
          </NavLink>
        ))}
      </InlineStack>
    </nav>
  );
}

// Shopify needs Remix to catch some thrown responses so their headers (e.g. the re-auth header
// for an expired session token) reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
