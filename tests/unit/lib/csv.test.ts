import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CsvSyntaxError, neutraliseFormula, parseCsv, restoreNeutralised, toCsv } from "~/lib/csv";

describe("parseCsv", () => {
  it("splits plain fields and numbers records by their first line", () => {
    expect(parseCsv("a,b\n1,2\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const records = parseCsv('name,note\n"Acme, Inc.","said ""hi""\nthen left"\nnext,row');
    expect(records[1]).toEqual({ line: 2, fields: ["Acme, Inc.", 'said "hi"\nthen left'] });
    // The quoted line break pushes the next record to line 4.
    expect(records[2]).toEqual({ line: 4, fields: ["next", "row"] });
  });

  it("accepts CRLF line ends and strips a UTF-8 byte-order mark", () => {
    expect(parseCsv("\uFEFFsku,units\r\nA,1\r\nB,2\r\n")).toEqual([
      { line: 1, fields: ["sku", "units"] },
      { line: 2, fields: ["A", "1"] },
      { line: 3, fields: ["B", "2"] },
    ]);
  });

  it("skips blank lines but keeps rows of empty cells", () => {
    expect(parseCsv("a,b\n\n,\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 3, fields: ["", ""] },
    ]);
  });

  it("keeps a quoted empty field as a record", () => {
    expect(parseCsv('""\n')).toEqual([{ line: 1, fields: [""] }]);
  });

  it("reports an unclosed quote with the line it opened on", () => {
    expect(() => parseCsv('a\n"never closed\nmore')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a\n"never closed\nmore');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it("rejects text after a closing quote", () => {
    expect(() => parseCsv('"abc"def,1')).toThrow(/after a closing quote/);
  });
});

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom("'", "=", "+", "-", "@", "\t", "\r", "\n", ",", '"', "1", ".", "a", " "), maxLength: 8 }),
  fc.string({ maxLength: 12 }),
);

describe("formula-safe export", () => {
  it.each([
    ["=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"],
    ["+1+2", "'+1+2"],
    ["-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ["\rCR", "'\rCR"],
    ["-12.5", "-12.5"],
    ["plain", "plain"],
    ["", ""],
  ])("neutralises %j as %j", (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it("quotes cells that hold separators, quotes or line breaks and ends lines with CRLF", () => {
    expect(toCsv([["a,b", 'say "x"', "line\nbreak", 3, null]])).toBe('"a,b","say ""x""","line\nbreak",3,\r\n');
  });

  it("never lets an exported cell start with a formula trigger, and re-imports every cell unchanged", () => {
    fc.assert(
      // Cells built mostly from the characters that matter: triggers, apostrophes, separators, quotes, digits.
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A row of one empty cell is a blank line in CSV; give such rows a second cell.
        const table = rows.map((row) => (row.length === 1 && row[0] === "" ? [...row, "x"] : row));
        const parsed = parseCsv(toCsv(table));
        expect(parsed.map((record) => record.fields.map(restoreNeutralised))).toEqual(table);
        for (const record of parsed) {
          for (const cell of record.fields) {
            if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
            expect(["=", "+", "-", "@", "\t", "\r"]).not.toContain(cell[0]);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("restoring neutralised cells", () => {
  it.each([["@"], ["'@"], ["''=x"], ["'plain"], ["-5"], ["=1+1"]])("round-trips %j exactly", (value) => {
    expect(restoreNeutralised(neutraliseFormula(value))).toBe(value);
  });
});
