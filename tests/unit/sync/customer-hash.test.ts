import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashCustomerId } from "~/lib/customer-hash.server";

describe("hashCustomerId", () => {
  // Stored SalesOrder/SalesCustomerOrder rows hold these digests: a faster way to compute them
  // must give exactly the same text, or every incremental sync would see new customers.
  it("is the hex SHA-256 of salt:numericId, the same digest as a Hash object's", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (salt, id) => {
        const expected = createHash("sha256").update(`${salt}:${id}`).digest("hex");
        expect(hashCustomerId(salt, `gid://shopify/Customer/${id}`)).toBe(expected);
        expect(hashCustomerId(salt, id)).toBe(expected);
      }),
    );
  });

  it("gives a known digest for a known input", () => {
    expect(hashCustomerId("s", "gid://shopify/Customer/123")).toBe("3610db6726ea737deca4d4b7cc94b163e110304c1545a78c4d691be6ee48b5e9");
  });

  it("tells shops apart by their salt", () => {
    expect(hashCustomerId("shop-a", 7)).not.toBe(hashCustomerId("shop-b", 7));
  });
});
