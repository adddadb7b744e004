/**
 * The emulator's building blocks that decide wire values: money, timestamps, GIDs, the search
 * parser, and the cost of a known document against the real schema.
 */
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { requestedQueryCost } from "../../shopify-emulator/cost";
import { dateTime, dateTimeInZone, decimalFromCents, moneyFromCents, parseGid } from "../../shopify-emulator/format";
import { loadAdminSchema } from "../../shopify-emulator/schema";
import { parseSearchQuery, parseTimeValue } from "../../shopify-emulator/search-query";
import { walkContextFor } from "../../shopify-emulator/selection";

describe("money and time on the wire", () => {
  it("writes Decimal with at least one fractional digit and Money with two", () => {
    expect([0, 1000, 2990, 2999, 5, -1250].map(decimalFromCents)).toEqual(["0.0", "10.0", "29.9", "29.99", "0.05", "-12.5"]);
    expect([0, 1000, 2999, 5, -1250].map(moneyFromCents)).toEqual(["0.00", "10.00", "29.99", "0.05", "-12.50"]);
  });

  it("writes DateTime in UTC with whole seconds", () => {
    expect(dateTime(Date.parse("2026-03-08T06:59:59.999Z"))).toBe("2026-03-08T06:59:59Z");
    expect(dateTime(Date.parse("2024-02-29T00:00:00Z"))).toBe("2024-02-29T00:00:00Z");
  });

  it("writes webhook times with the shop's offset, across a DST change", () => {
    expect(dateTimeInZone(Date.parse("2026-03-08T06:59:59Z"), "America/New_York")).toBe("2026-03-08T01:59:59-05:00");
    expect(dateTimeInZone(Date.parse("2026-03-08T07:00:00Z"), "America/New_York")).toBe("2026-03-08T03:00:00-04:00");
    expect(dateTimeInZone(Date.parse("2026-01-01T00:00:00Z"), "Australia/Adelaide")).toBe("2026-01-01T10:30:00+10:30");
  });

  it("parses global ids, including InventoryLevel's query part", () => {
    expect(parseGid("gid://shopify/Order/123")).toMatchObject({ resource: "Order", id: 123 });
    expect(parseGid("gid://shopify/InventoryLevel/7?inventory_item_id=9")?.params.get("inventory_item_id")).toBe("9");
    expect(parseGid("gid://shopify/Order/abc")).toBeNull();
    expect(parseGid("123")).toBeNull();
  });
});

describe("search syntax", () => {
  it("parses implicit AND, OR, NOT, minus, quotes and comparators", () => {
    expect(parseSearchQuery(`updated_at:>'2026-11-01T00:00:00Z' -test:true (status:open OR NOT status:cancelled)`)).toEqual({
      kind: "and",
      children: [
        { kind: "term", field: "updated_at", comparator: ":>", value: "2026-11-01T00:00:00Z" },
        { kind: "not", child: { kind: "term", field: "test", comparator: ":", value: "true" } },
        {
          kind: "or",
          children: [
            { kind: "term", field: "status", comparator: ":", value: "open" },
            { kind: "not", child: { kind: "term", field: "status", comparator: ":", value: "cancelled" } },
          ],
        },
      ],
    });
  });

  it("reads dates, months and years as ranges in the shop's zone", () => {
    const environment = { nowMs: 0, ianaTimezone: "Australia/Adelaide" };
    expect(parseTimeValue("2026-01-15", environment)).toEqual({
      startMs: Date.parse("2026-01-14T13:30:00Z"),
      endMs: Date.parse("2026-01-15T13:30:00Z"),
    });
    expect(parseTimeValue("2026", { nowMs: 0, ianaTimezone: "UTC" })).toEqual({
      startMs: Date.parse("2026-01-01T00:00:00Z"),
      endMs: Date.parse("2027-01-01T00:00:00Z"),
    });
    expect(parseTimeValue("not-a-date", environment)).toBeNull();
  });
});

describe("requested cost against the real schema", () => {
  it("charges the backfill-shaped paged query as Shopify's formula says", () => {
    const { schema } = loadAdminSchema();
    const document = parse(`query($n: Int!) { orders(first: $n) { edges { cursor node { id customer { id }
      lineItems(first: 10) { nodes { id variant { id } originalUnitPriceSet { shopMoney { amount } } } } } } pageInfo { hasNextPage } } }`);
    const operation = document.definitions[0];
    if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
    // 2 + n × (order 1 + customer 1 + lineItems (2 + 10 × (line 1 + variant 1 + bag 1 + money 1)))
    expect(requestedQueryCost(walkContextFor(schema, document, { n: 20 }), operation)).toBe(2 + 20 * (1 + 1 + 2 + 10 * 4));
  });
});
