import { beforeEach, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { loader as appLoader } from "~/routes/app";

// authenticate.admin on a fetch request from the embedded app: Authorization: Bearer <session
// token>, a JWT signed with the app secret whose aud is the API key and whose dest is the shop.
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

async function callLoader(token: string): Promise<Response> {
  const request = new Request("https://backstop.test/app", {
    headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA },
  });
  try {
    const data = await appLoader({ request, params: {}, context: {} });
    return Response.json(data);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    // Anything else (e.g. token exchange with an unreachable Shopify) is a failed request.
    return new Response(String(thrown), { status: 500 });
  }
}

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: "alpha.myshopify.com" });
  await installShop({ domain: "bravo.myshopify.com" });
});

describe("session tokens on authenticated app routes", () => {
  it("accepts a valid token and answers for the token's shop", async () => {
    const { token } = await getJwt("alpha", API_KEY, API_SECRET_KEY);
    const response = await callLoader(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ shop: "alpha.myshopify.com", isDemo: false });
  });

  it("takes the shop from the token, so each shop's token sees only its own shop", async () => {
    const { token } = await getJwt("bravo", API_KEY, API_SECRET_KEY);
    expect(await (await callLoader(token)).json()).toMatchObject({ shop: "bravo.myshopify.com" });
  });

  it("rejects an expired token with 401", async () => {
    const past = Date.now() / 1000 - 3600;
    const { token } = await getJwt("alpha", API_KEY, API_SECRET_KEY, { exp: past, nbf: past - 60, iat: past - 60 });
    const response = await callLoader(token);
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
  });

  it("rejects a token for another app (wrong audience) with 401", async () => {
    const { token } = await getJwt("alpha", "some-other-app", API_SECRET_KEY);
    expect((await callLoader(token)).status).toBe(401);
  });

  it("rejects a token signed with another secret with 401", async () => {
    const { token } = await getJwt("alpha", API_KEY, "not-our-secret");
    expect((await callLoader(token)).status).toBe(401);
  });

  it("never answers for a shop that has not installed the app (wrong shop)", async () => {
    const { token } = await getJwt("charlie", API_KEY, API_SECRET_KEY);
    const response = await callLoader(token);
    // No stored session: the library tries a token exchange with Shopify, which is unreachable
    // here. Whatever the failure, it must not be a 200 for some other shop.
    expect(response.status).not.toBe(200);
    const body = await response.text();
    expect(body).not.toContain("alpha.myshopify.com");
    expect(body).not.toContain("bravo.myshopify.com");
  });
});
