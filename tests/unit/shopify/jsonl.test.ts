import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBulkOrdersQuery } from "~/shopify/bulk.server";
import { readJsonlLineBatches } from "~/shopify/jsonl";

async function lines(chunks: Array<string | Uint8Array>): Promise<string[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === "string" ? encoder.encode(chunk) : chunk;
  }
  const out: string[] = [];
  for await (const batch of readJsonlLineBatches(source())) out.push(...batch);
  return out;
}

describe("readJsonlLineBatches", () => {
  it("cuts lines at newlines across chunk boundaries, including a last line without a newline", async () => {
    expect(await lines(['{"a":1}\n{"b"', ':2}\n', '{"c":3}'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("handles CRLF and skips empty lines", async () => {
    expect(await lines(['{"a":1}\r\n\r\n{"b":2}\r\n'])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("reassembles a multi-byte character split between chunks", async () => {
    const bytes = new TextEncoder().encode('{"sku":"Tasse – grün"}\n');
    const split = bytes.indexOf(0xe2) + 1; // inside the en dash
    expect(await lines([bytes.slice(0, split), bytes.slice(split)])).toEqual(['{"sku":"Tasse – grün"}']);
  });

  it("rejects bytes that are not UTF-8 rather than guessing", async () => {
    await expect(lines([new Uint8Array([0x7b, 0xff, 0x7d, 0x0a])])).rejects.toThrow();
  });

  it("reads ASCII and non-ASCII chunks in any mix the same as one decoded text", async () => {
    const text = '{"sku":"A-1"}\n{"sku":"Tasse – grün"}\n{"sku":"B-2"}\n{"sku":"日本"}\n';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 5, 7, 16, 64]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
      expect(await lines(chunks)).toEqual(text.trimEnd().split("\n"));
    }
  });

  it("gives the lines of the whole text however it is cut into chunks, with CRLF or LF and empty lines", async () => {
    const line = fc.stringMatching(/^[a-z{}":,0-9 é]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(line, fc.constantFrom("\n", "\r\n")), { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }), async (rows, cuts) => {
        const text = rows.map(([content, end]) => content + end).join("");
        const bytes = new TextEncoder().encode(text);
        const chunks: Uint8Array[] = [];
        for (let i = 0, c = 0; i < bytes.length; c++) {
          const size = cuts[c % cuts.length];
          chunks.push(bytes.slice(i, i + size));
          i += size;
        }
        expect(await lines(chunks)).toEqual(rows.map(([content]) => content).filter((content) => content.length > 0));
      }),
    );
  });

  it("rejects a character cut short by an ASCII chunk", async () => {
    await expect(lines([new Uint8Array([0x7b, 0xe2, 0x80]), "}\n"])).rejects.toThrow();
  });
});

describe("buildBulkOrdersQuery", () => {
  it("puts the search into the inner query as an escaped string literal", () => {
    const query = buildBulkOrdersQuery(`updated_at:>'2026-11-01T00:00:00Z' processed_at:>='2025-05-19T14:30:00Z'`, false);
    expect(query).toMatch(/^query BackstopBulkOrders \{/);
    expect(query).toContain(`orders(query: "updated_at:>'2026-11-01T00:00:00Z' processed_at:>='2025-05-19T14:30:00Z'", sortKey: PROCESSED_AT)`);
    expect(buildBulkOrdersQuery('say "hi"', true)).toContain('query: "say \\"hi\\""');
  });

  it("asks for the customer only in the variant for shops that granted read_customers", () => {
    expect(buildBulkOrdersQuery("", false)).not.toContain("customer");
    expect(buildBulkOrdersQuery("", true)).toContain("customer {");
  });
});
