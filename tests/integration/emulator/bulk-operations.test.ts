/**
 * Bulk query operations: status life cycle, the JSONL layout, string-typed counts, query
 * validation, the concurrency limit, listing, cancelling, and the shared field semantics with the
 * paged API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bulkOperation,
  downloadJsonl,
  manyOrdersStore,
  runBulkQuery,
  runBulkToEnd,
  smallStore,
  startWith,
  type Client,
  defined,
} from "./fixtures";

const ORDERS_WITH_LINES = `{
  orders(sortKey: ID) { edges { node {
    id name test
    lineItems { edges { node { id sku quantity variant { id sku } originalUnitPriceSet { shopMoney { amount currencyCode } } } } }
  } } }
}`;

let client: Client;

beforeAll(async () => {
  client = await startWith([smallStore(), manyOrdersStore(12)], { behaviour: { bulk: { interleaveBatchSize: 5 } } });
});
afterAll(async () => {
  await client.emulator.close();
});

describe("life cycle", () => {
  it("moves CREATED → RUNNING → COMPLETED, each state observable by polling bulkOperation(id:)", async () => {
    const slow = await startWith([smallStore()], { behaviour: { bulk: { startDelayMs: 200, minRunningMs: 500 } } });
    try {
      const started = await runBulkQuery(slow, ORDERS_WITH_LINES);
      expect(started.userErrors).toEqual([]);
      expect(started.bulkOperation).toMatchObject({ status: "CREATED", type: "QUERY", url: null, objectCount: "0" });
      const seen: string[] = [defined(started.bulkOperation).status];
      for (let i = 0; i < 200 && seen.at(-1) !== "COMPLETED"; i++) {
        const op = await bulkOperation(slow, defined(started.bulkOperation).id);
        if (op.status !== seen.at(-1)) seen.push(op.status);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      expect(seen).toEqual(["CREATED", "RUNNING", "COMPLETED"]);
    } finally {
      await slow.emulator.close();
    }
  });

  it("reports counts and the file size as UnsignedInt64 strings, and completedAt", async () => {
    const op = await runBulkToEnd(client, ORDERS_WITH_LINES);
    expect(op).toMatchObject({ status: "COMPLETED", errorCode: null, objectCount: "20", rootObjectCount: "8", partialDataUrl: null });
    expect(op.completedAt).toBe("2026-11-20T12:00:00Z");
    const { text } = await downloadJsonl(defined(op.url));
    expect(op.fileSize).toBe(String(Buffer.byteLength(text)));
  });
});

describe("JSONL layout", () => {
  it("puts every connection node on its own line with __parentId, sub-objects inline, wrappers removed", async () => {
    const op = await runBulkToEnd(client, ORDERS_WITH_LINES);
    const { rows } = await downloadJsonl(defined(op.url));
    expect(rows[0]).toEqual({ id: "gid://shopify/Order/1", name: "#1001", test: false });
    const line = rows.find((r) => r.id === "gid://shopify/LineItem/30");
    expect(line).toEqual({
      id: "gid://shopify/LineItem/30",
      sku: "MUG-S",
      quantity: 1,
      variant: { id: "gid://shopify/ProductVariant/11", sku: "MUG-S" },
      originalUnitPriceSet: { shopMoney: { amount: "12.99", currencyCode: "USD" } },
      __parentId: "gid://shopify/Order/3",
    });
    expect(rows.find((r) => r.id === "gid://shopify/LineItem/60")).toMatchObject({ variant: null }); // deleted variant
  });

  it("writes children after their parent, but not always directly after it", async () => {
    const op = await runBulkToEnd(client, ORDERS_WITH_LINES, { token: "shpat_many-orders" });
    const { rows } = await downloadJsonl(defined(op.url));
    const position = new Map(rows.map((row, index) => [row.id, index]));
    let separated = 0;
    for (const [index, row] of rows.entries()) {
      if (row.__parentId === undefined) continue;
      const parentAt = position.get(row.__parentId);
      expect(parentAt).toBeDefined();
      expect(defined(parentAt)).toBeLessThan(index);
      if (rows[index - 1].id !== row.__parentId && rows[index - 1].__parentId !== row.__parentId) separated++;
    }
    expect(separated).toBeGreaterThan(0);
    expect(rows.filter((r) => r.__parentId === undefined)).toHaveLength(12);
  });

  it("with groupObjects, follows each parent directly with its children", async () => {
    const op = await runBulkToEnd(client, ORDERS_WITH_LINES, { token: "shpat_many-orders", groupObjects: true });
    const { rows } = await downloadJsonl(defined(op.url));
    let currentParent: unknown = null;
    for (const row of rows) {
      if (row.__parentId === undefined) currentParent = row.id;
      else expect(row.__parentId).toBe(currentParent);
    }
  });

  it("gives url null when nothing matched, or an empty file when configured so", async () => {
    const empty = `{ orders(query: "created_at:<'2001-01-01T00:00:00Z'") { edges { node { id } } } }`;
    const op = await runBulkToEnd(client, empty);
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: "0", url: null, fileSize: null });
    const withFile = await startWith([smallStore()], { behaviour: { bulk: { emptyResultUrl: "emptyFile" } } });
    try {
      const opWithFile = await runBulkToEnd(withFile, empty);
      expect(opWithFile).toMatchObject({ objectCount: "0", fileSize: "0" });
      expect((await downloadJsonl(defined(opWithFile.url))).text).toBe("");
    } finally {
      await withFile.emulator.close();
    }
  });

  it("serves the same values as the paged API for the same selection", async () => {
    const selection = `id name createdAt processedAt updatedAt cancelledAt test customer { id }
      lineItems(first: 5) { nodes { id sku quantity currentQuantity variant { id sku }
        originalUnitPriceSet { shopMoney { amount currencyCode } } discountedTotalSet { shopMoney { amount currencyCode } } } }`;
    const paged = await client.graphql(`{ orders(first: 8, sortKey: ID) { nodes { ${selection} } } }`);
    expect(paged.body.errors).toBeUndefined();
    const pagedOrders = (paged.body.data as { orders: { nodes: Array<Record<string, unknown>> } }).orders.nodes;

    const op = await runBulkToEnd(client, `{ orders(sortKey: ID) { nodes { ${selection.replace("lineItems(first: 5)", "lineItems")} } } }`);
    const { rows } = await downloadJsonl(defined(op.url));
    const rebuilt = rows
      .filter((r) => r.__parentId === undefined)
      .map((order) => ({
        ...order,
        lineItems: {
          nodes: rows.filter((r) => r.__parentId === order.id).map(({ __parentId: _parent, ...rest }) => rest),
        },
      }));
    expect(rebuilt).toEqual(pagedOrders);
  });
});

describe("validation of the bulk query", () => {
  const invalid = async (query: string, clientToUse = client) => {
    const result = await runBulkQuery(clientToUse, query);
    expect(result.bulkOperation).toBeNull();
    expect(result.userErrors.length).toBeGreaterThan(0);
    for (const error of result.userErrors) expect(error).toMatchObject({ field: ["query"], code: "INVALID" });
    return result.userErrors.map((e) => e.message).join(" | ");
  };

  it("rejects a query that does not parse or validate against the schema", async () => {
    expect(await invalid("{ orders { edges { node { id }")).toContain("Invalid bulk query");
    expect(await invalid("{ orders { edges { node { nmae } } } }")).toContain("Field 'nmae' doesn't exist on type 'Order'");
  });

  it("rejects a query without a connection, and a top-level node field", async () => {
    expect(await invalid("{ shop { name } }")).toContain("at least one connection");
    expect(await invalid('{ node(id: "gid://shopify/Order/1") { id } }')).toContain("'node'");
  });

  it("rejects more than five connections and nesting deeper than two levels", async () => {
    const six = `{ a: orders { edges { node { id } } } b: orders { edges { node { id } } } c: orders { edges { node { id } } }
      d: orders { edges { node { id } } } e: orders { edges { node { id } } } f: orders { edges { node { id } } } }`;
    expect(await invalid(six)).toContain("more than 5 connections");
    const deep = `{ products { edges { node { id variants { edges { node { id
      inventoryItem { inventoryLevels { edges { node { id } } } } } } } } } } }`;
    expect(await invalid(deep)).toContain("nested more than 2 levels");
  });

  it("rejects a connection inside a list by default, and can emit it as lines instead", async () => {
    const refunds = `{ orders { edges { node { id refunds { id refundLineItems { edges { node { quantity lineItem { id } } } } } } } } }`;
    expect(await invalid(refunds)).toContain("connection field within a list field");
    const lenient = await startWith([smallStore()], { behaviour: { bulk: { connectionInList: "rows" } } });
    try {
      const op = await runBulkToEnd(lenient, refunds);
      const { rows } = await downloadJsonl(defined(op.url));
      expect(rows.find((r) => r.id === "gid://shopify/Order/3")).toEqual({ id: "gid://shopify/Order/3", refunds: [{ id: "gid://shopify/Refund/300" }] });
      expect(rows).toContainEqual({ quantity: 2, lineItem: { id: "gid://shopify/LineItem/31" }, __parentId: "gid://shopify/Refund/300" });
    } finally {
      await lenient.emulator.close();
    }
  });
});

describe("concurrency, listing and cancelling", () => {
  it("allows five running query operations per shop and refuses the sixth with LIMIT_REACHED", async () => {
    const domain = "tiny-shop.myshopify.com";
    client.emulator.setFault(domain, { stallBulkOperations: true });
    try {
      const started = [];
      for (let i = 0; i < 5; i++) started.push(await runBulkQuery(client, ORDERS_WITH_LINES));
      expect(started.every((s) => s.bulkOperation !== null)).toBe(true);
      const sixth = await runBulkQuery(client, ORDERS_WITH_LINES);
      expect(sixth).toEqual({
        bulkOperation: null,
        userErrors: [{ field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" }],
      });
      // Another shop is not affected.
      expect((await runBulkQuery(client, ORDERS_WITH_LINES, { token: "shpat_many-orders" })).bulkOperation).not.toBeNull();

      await new Promise((resolve) => setTimeout(resolve, 100)); // past CREATED
      const { body } = await client.graphql(
        '{ bulkOperations(first: 10, query: "status:running operation_type:query") { nodes { id status } } }',
      );
      const listed = (body.data as { bulkOperations: { nodes: Array<{ id: string; status: string }> } }).bulkOperations.nodes;
      expect(listed.map((op) => op.id)).toEqual(started.map((s) => defined(s.bulkOperation).id).reverse()); // newest first
      expect(listed.every((op) => op.status === "RUNNING")).toBe(true);
      const current = await client.graphql("{ currentBulkOperation { id } }");
      expect(current.body.data).toEqual({ currentBulkOperation: { id: defined(started[4].bulkOperation).id } });
    } finally {
      client.emulator.clearFaults(domain);
    }
    for (const op of client.emulator.bulkOperations(domain)) await client.emulator.waitForBulkOperation(op.id);
    expect((await runBulkQuery(client, ORDERS_WITH_LINES)).userErrors).toEqual([]);
  });

  it("can answer the sixth with OPERATION_IN_PROGRESS instead", async () => {
    const strict = await startWith([smallStore()], { behaviour: { bulk: { limitErrorCode: "OPERATION_IN_PROGRESS", concurrencyLimit: 1 } } });
    try {
      strict.emulator.setFault("tiny-shop.myshopify.com", { stallBulkOperations: true });
      await runBulkQuery(strict, ORDERS_WITH_LINES);
      const second = await runBulkQuery(strict, ORDERS_WITH_LINES);
      expect(second.userErrors).toEqual([{ field: null, message: "A bulk operation is already in progress.", code: "OPERATION_IN_PROGRESS" }]);
    } finally {
      await strict.emulator.close();
    }
  });

  it("cancels a running operation: CANCELING, then CANCELED with no url", async () => {
    const domain = "tiny-shop.myshopify.com";
    client.emulator.setFault(domain, { stallBulkOperations: true });
    const started = await runBulkQuery(client, ORDERS_WITH_LINES);
    const { body } = await client.graphql(
      "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }",
      { id: defined(started.bulkOperation).id },
    );
    expect(body.data).toEqual({
      bulkOperationCancel: { bulkOperation: { id: defined(started.bulkOperation).id, status: "CANCELING" }, userErrors: [] },
    });
    client.emulator.clearFaults(domain);
    await client.emulator.waitForBulkOperation(defined(started.bulkOperation).id);
    expect(await bulkOperation(client, defined(started.bulkOperation).id)).toMatchObject({ status: "CANCELED", url: null });
  });

  it("does not show one shop's operation to another shop", async () => {
    const op = await runBulkToEnd(client, ORDERS_WITH_LINES);
    const { body } = await client.graphql(`query($id: ID!) { bulkOperation(id: $id) { id } }`, { id: op.id }, "shpat_many-orders");
    expect(body.data).toEqual({ bulkOperation: null });
  });
});
