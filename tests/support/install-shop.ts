import db from "~/db.server";
import { recordInstall } from "~/models/shop.server";

/**
 * Installs a shop the way OAuth leaves it: the Shop row (with its hashing salt and default
 * settings) and an offline session holding the Admin API token. Used by the demo, the browser-test
 * harness and the test factories, which all stand in for Shopify's install flow.
 */
export async function installShopWithToken(shop: string, scopes: string, accessToken: string): Promise<void> {
  await recordInstall(shop, scopes);
  const id = `offline_${shop}`;
  await db.session.upsert({
    where: { id },
    create: { id, shop, state: "", isOnline: false, scope: scopes, accessToken },
    update: { scope: scopes, accessToken },
  });
}
