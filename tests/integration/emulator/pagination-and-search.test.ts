/**
 * Cursor pagination (first/after, last/before, edges and nodes, pageInfo), sort keys, reverse, and
 * the orders `query:` search syntax.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, manyOrdersStore, NOW_MS, smallStore, startWith, type Client } from "./fixtures";

let client: Client;
let tiny: Client;
const MANY = "shpat_many-orders";

beforeAll(async () => {
  client = await startWith([manyOrdersStore(60)]);
  tiny = await startWith([smallStore()]);
});
afterAll(async () => {
  await client.emulator.close();
  await tiny.emulator.close();
});

interface Page {
  edges: Array<{ cursor: string; node: { name: string } }>;
  nodes: Array<{ name: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE_QUERY = `query($first: Int, $after: String, $last: Int, $before: String, $sortKey: OrderSortKeys, $reverse: Boolean, $query: String) {
  orders(first: $first, after: $after, last: $last, before: $before, sortKey: $sortKey, reverse: $reverse, query: $query) {
    edges { cursor node { name } }
    nodes { name }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function page(c: Client, variables: Record<string, unknown>): Promise<Page> {
  const { body } = await c.graphql(PAGE_QUERY, variables, c === client ? MANY : undefined);
  expect(body.errors).toBeUndefined();
  return (body.data as { orders: Page }).orders;
}

async function search(query: string, sortKey = "ID"): Promise<string[]> {
  const result = await page(tiny, { first: 50, query, sortKey });
  return result.nodes.map((n) => n.name);
}

describe("cursor pagination", () => {
  it("walks every order exactly once with first/after, and pageInfo says where it is", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: Page = await page(client, { first: 25, after, sortKey: "ID" });
      pages++;
      expect(result.edges.map((e) => e.node.name)).toEqual(result.nodes.map((n) => n.name));
      expect(result.pageInfo.startCursor).toBe(result.edges[0]?.cursor ?? null);
      expect(result.pageInfo.endCursor).toBe(result.edges.at(-1)?.cursor ?? null);
      expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...result.nodes.map((n) => n.name));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `#${1001 + i}`));
  });

  it("pages backwards with last/before", async () => {
    const tail = await page(client, { last: 10, sortKey: "ID" });
    expect(tail.nodes.map((n) => n.name)).toEqual(Array.from({ length: 10 }, (_, i) => `#${1051 + i}`));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await page(client, { last: 5, before: tail.pageInfo.startCursor, sortKey: "ID" });
    expect(before.nodes.map((n) => n.name)).toEqual(["#1046", "#1047", "#1048", "#1049", "#1050"]);
  });

  it("keeps a cursor valid after orders are added in front of it", async () => {
    const first = await page(client, { first: 10, sortKey: "ID", reverse: true });
    expect(first.nodes[0].name).toBe("#1060");
    client.emulator.mutateStore("many-orders.myshopify.com", (data) => {
      const template = data.orders[data.orders.length - 1];
      data.orders.push({ ...template, id: 61, name: "#1061", createdAt: NOW_MS - 1000, processedAt: NOW_MS - 1000, updatedAt: NOW_MS - 1000 });
    });
    const next = await page(client, { first: 5, after: first.pageInfo.endCursor, sortKey: "ID", reverse: true });
    expect(next.nodes.map((n) => n.name)).toEqual(["#1050", "#1049", "#1048", "#1047", "#1046"]);
    client.emulator.mutateStore("many-orders.myshopify.com", (data) => {
      data.orders.pop();
    });
  });

  it("sorts by the chosen key, newest last unless reversed", async () => {
    const byUpdated = (await page(tiny, { first: 50, sortKey: "UPDATED_AT" })).nodes.map((n) => n.name);
    // #1002 was created 61 days ago but updated 45 days later.
    expect(byUpdated).toEqual(["#1001", "#1003", "#1004", "#1002", "#1005", "#1006", "#1007", "#1008"]);
    const reversed = (await page(tiny, { first: 50, sortKey: "UPDATED_AT", reverse: true })).nodes.map((n) => n.name);
    expect(reversed).toEqual([...byUpdated].reverse());
    const byProcessedDefault = (await page(tiny, { first: 50 })).nodes.map((n) => n.name);
    expect(byProcessedDefault).toEqual(["#1001", "#1002", "#1003", "#1004", "#1005", "#1006", "#1007", "#1008"]);
  });
});

describe("orders query: search syntax", () => {
  const iso = (daysAgo: number) => new Date(NOW_MS - daysAgo * DAY_MS).toISOString();

  it("filters on updated_at with each comparator on quoted ISO values", async () => {
    // updatedAt in days ago: #1001 90, #1002 16, #1003 30, #1004 20, #1005 10, #1006 3.75, #1007 2, #1008 1.
    expect(await search(`updated_at:>'${iso(10)}'`)).toEqual(["#1006", "#1007", "#1008"]);
    expect(await search(`updated_at:>='${iso(10)}'`)).toEqual(["#1005", "#1006", "#1007", "#1008"]);
    expect(await search(`updated_at:<'${iso(20)}'`)).toEqual(["#1001", "#1003"]);
    expect(await search(`updated_at:<='${iso(20)}'`)).toEqual(["#1001", "#1003", "#1004"]);
    expect(await search(`updated_at:'${iso(20)}'`)).toEqual(["#1004"]);
    expect(await search(`updated_at:>"${iso(10)}"`)).toEqual(["#1006", "#1007", "#1008"]);
  });

  it("can treat equal timestamps as matching a strict comparison (unverified platform behaviour)", async () => {
    const inclusive = await startWith([smallStore()], { behaviour: { search: { strictComparisonsInclusive: true } } });
    try {
      const { body } = await inclusive.graphql(`{ orders(first: 50, sortKey: ID, query: "updated_at:>'${iso(10)}'") { nodes { name } } }`);
      expect((body.data as { orders: { nodes: Array<{ name: string }> } }).orders.nodes.map((n) => n.name)).toEqual([
        "#1005",
        "#1006",
        "#1007",
        "#1008",
      ]);
    } finally {
      await inclusive.emulator.close();
    }
  });

  it("filters on created_at and processed_at", async () => {
    expect(await search(`created_at:>='${iso(5)}'`)).toEqual(["#1006", "#1007", "#1008"]);
    expect(await search(`processed_at:<'${iso(60)}' processed_at:>'${iso(89)}'`)).toEqual(["#1002"]);
  });

  it("reads a bare date as midnight in the shop's time zone", async () => {
    // #1008 was created 2026-11-19T12:00Z = 07:00 in New York, so it is on the 19th there.
    expect(await search("created_at:2026-11-19")).toEqual(["#1008"]);
    expect(await search("created_at:>=2026-11-18")).toEqual(["#1007", "#1008"]);
  });

  it("filters on status and test, with AND implied", async () => {
    expect(await search("status:cancelled")).toEqual(["#1004"]);
    expect(await search("test:true")).toEqual(["#1005"]);
    expect(await search("status:open test:false")).toEqual(["#1001", "#1002", "#1003", "#1006", "#1007", "#1008"]);
    expect(await search("status:open AND test:false")).toEqual(["#1001", "#1002", "#1003", "#1006", "#1007", "#1008"]);
  });

  it("supports OR, NOT, a leading minus and parentheses", async () => {
    expect(await search("test:true OR status:cancelled")).toEqual(["#1004", "#1005"]);
    expect(await search("NOT test:true")).toEqual(["#1001", "#1002", "#1003", "#1004", "#1006", "#1007", "#1008"]);
    expect(await search("-status:cancelled -test:true")).toEqual(["#1001", "#1002", "#1003", "#1006", "#1007", "#1008"]);
    expect(await search(`(test:true OR status:cancelled) created_at:>'${iso(15)}'`)).toEqual(["#1005"]);
  });

  it("ignores a field the resource does not know and says so in extensions.search", async () => {
    const { body } = await tiny.graphql('{ orders(first: 50, query: "colour:red test:true") { nodes { name } } }');
    expect((body.data as { orders: { nodes: unknown[] } }).orders.nodes).toEqual([{ name: "#1005" }]);
    expect(body.extensions?.search).toEqual([
      { path: ["orders"], query: "colour:red test:true", warnings: [{ field: "colour", message: "Invalid search field for this query." }] },
    ]);
  });

  it("combines a filter with pagination", async () => {
    const first = await page(tiny, { first: 2, query: "test:false", sortKey: "ID" });
    const second = await page(tiny, { first: 10, after: first.pageInfo.endCursor, query: "test:false", sortKey: "ID" });
    expect([...first.nodes, ...second.nodes].map((n) => n.name)).toEqual(["#1001", "#1002", "#1003", "#1004", "#1006", "#1007", "#1008"]);
  });
});
