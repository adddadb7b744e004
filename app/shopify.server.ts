import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import { getEnv } from "./env.server";
import { API_VERSION } from "./shopify/api-version";
import { recordInstall } from "./models/shop.server";

const env = getEnv();

function apiVersionFromConstant(): ApiVersion {
  const version = Object.values(ApiVersion).find((candidate) => candidate === API_VERSION);
  if (!version) throw new Error(`@shopify/shopify-api does not know Admin API version ${API_VERSION}`);
  return version;
}

// The library's own logger follows LOG_LEVEL (it has no "silent": errors only).
const LIBRARY_LOG_LEVEL = {
  debug: LogSeverity.Debug,
  info: LogSeverity.Info,
  warn: LogSeverity.Warning,
  error: LogSeverity.Error,
  silent: LogSeverity.Error,
} as const;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: apiVersionFromConstant(),
  scopes: env.SCOPES.split(",").map((scope) => scope.trim()),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  // Offline tokens only: every background sync acts for the shop, not for a staff member.
  useOnlineTokens: false,
  future: { unstable_newEmbeddedAuthStrategy: true },
  logger: { level: LIBRARY_LOG_LEVEL[env.LOG_LEVEL] },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(session.shop, session.scope ?? "");
    },
  },
});

export default shopify;

export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;

/** Who the merchant is for this request. */
export interface MerchantContext {
  shop: string;
  /** The shop's offline session: its token is what background work and our Admin client use. */
  session: Session;
  isDemo: boolean;
}

/**
 * Authenticates an admin request (session token or embedded document request) and returns the
 * shop. In demo mode (never in production: see env.server.ts) the merchant is the fixed demo
 * shop and its offline session; everything downstream is the real path.
 */
export async function requireMerchant(request: Request): Promise<MerchantContext> {
  if (env.BACKSTOP_DEMO && env.DEMO_SHOP) {
    const session = await shopify.sessionStorage.loadSession(`offline_${env.DEMO_SHOP}`);
    if (!session) {
      throw new Response("The demo shop has no session yet: start the app with `npm run demo`.", { status: 503 });
    }
    return { shop: session.shop, session, isDemo: true };
  }
  const { session } = await shopify.authenticate.admin(request);
  return { shop: session.shop, session, isDemo: false };
}
