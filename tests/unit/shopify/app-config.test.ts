import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiVersion } from "@shopify/shopify-api";
import { API_VERSION } from "~/shopify/api-version";

const toml = fs.readFileSync("shopify.app.toml", "utf8");

/** The [[webhooks.subscriptions]] blocks with the comment line just above each. */
function subscriptions() {
  const blocks = toml.split("[[webhooks.subscriptions]]").slice(1);
  const heads = toml.split("[[webhooks.subscriptions]]").slice(0, -1);
  return blocks.map((block, i) => {
    const handledBy = /# Handled by: (\S+)\s*$/.exec(heads[i].trimEnd())?.[1];
    const topics = /(?:compliance_)?topics = \[ "([^"]+)" \]/.exec(block)?.[1];
    const uri = /uri = "([^"]+)"/.exec(block)?.[1];
    return { handledBy, topics, uri };
  });
}

describe("shopify.app.toml", () => {
  it("declares the same Admin API version as the code, and the library knows it", () => {
    expect(/api_version = "([^"]+)"/.exec(toml)?.[1]).toBe(API_VERSION);
    expect(Object.values(ApiVersion)).toContain(API_VERSION);
  });

  it("asks for exactly the scopes Backstop needs", () => {
    expect(/scopes = "([^"]+)"/.exec(toml)?.[1]).toBe("read_orders,read_all_orders,read_products,read_inventory");
  });

  it("subscribes every required topic, each with a handler file that exists at its URI", () => {
    const subs = subscriptions();
    expect(subs.map((s) => s.topics).sort()).toEqual(
      ["app/scopes_update", "app/uninstalled", "bulk_operations/finish", "customers/data_request", "customers/redact", "shop/redact"].sort(),
    );
    for (const sub of subs) {
      expect(sub.uri).toBe(`/webhooks/${sub.topics}`);
      const routeFile = `app/routes/webhooks.${sub.topics?.replace("/", ".")}.tsx`;
      expect(sub.handledBy).toBe(`/${routeFile}`);
      expect(fs.existsSync(path.resolve(routeFile)), routeFile).toBe(true);
    }
  });

  it("is an embedded app", () => {
    expect(toml).toMatch(/^embedded = true$/m);
  });
});
