/**
 * CSV reading and writing (RFC 4180): quoted fields, doubled quotes inside quotes, CRLF or LF
 * line ends, an optional UTF-8 byte-order mark (Excel writes one). No domain knowledge here.
 */

export interface CsvRecord {
  /** 1-based line number of the record's first line in the file (what a spreadsheet shows). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Splits CSV text into records. Blank lines are skipped (a trailing newline is common). Throws
 * CsvSyntaxError for a quote that never closes or text after a closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // True right after a separator or line start: only there does a quote open a quoted field.
  let atFieldStart = true;
  // A record holding one empty unquoted field is a blank line, not a record.
  let recordHasContent = false;

  const endRecord = () => {
    fields.push(field);
    if (recordHasContent) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    atFieldStart = true;
    recordHasContent = false;
  };

  while (i < input.length) {
    const char = input[i];
    if (char === '"' && atFieldStart) {
      // Quoted field: runs to the next lone quote; "" is a literal quote; newlines are kept.
      atFieldStart = false;
      recordHasContent = true;
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError("a quoted field is never closed", openedOn);
        const inner = input[i];
        if (inner === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (inner === "\n") line += 1;
        field += inner;
        i += 1;
      }
      const next = input[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError("unexpected text after a closing quote", line);
      }
      continue;
    }
    if (char === ",") {
      fields.push(field);
      field = "";
      atFieldStart = true;
      recordHasContent = true;
      i += 1;
      continue;
    }
    if (char === "\r" || char === "\n") {
      endRecord();
      i += char === "\r" && input[i + 1] === "\n" ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += char;
    atFieldStart = false;
    recordHasContent = true;
    i += 1;
  }
  if (recordHasContent) endRecord();
  return records;
}

/** Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** Apostrophes followed by a formula trigger: the shape neutraliseFormula produces. */
function isApostropheGuarded(value: string): boolean {
  let i = 0;
  while (value[i] === "'") i += 1;
  return i > 0 && i < value.length && FORMULA_TRIGGERS.has(value[i]);
}

/**
 * Makes a cell safe to open in a spreadsheet: text starting with = + - @ tab or CR gets a
 * leading apostrophe so it is shown, never evaluated. Plain numbers (including negatives) are
 * left alone: they cannot run anything and must stay numbers. Text that already looks guarded
 * ("'=x") gets one more apostrophe, so restoreNeutralised can always undo exactly one.
 */
export function neutraliseFormula(value: string): string {
  if (value === "") return value;
  if (FORMULA_TRIGGERS.has(value[0])) return /^-?\d+(\.\d+)?$/.test(value) ? value : `'${value}`;
  return isApostropheGuarded(value) ? `'${value}` : value;
}

/**
 * Undoes neutraliseFormula on import, so an exported file re-imports unchanged: one leading
 * apostrophe is dropped from apostrophes followed by a formula trigger.
 */
export function restoreNeutralised(value: string): string {
  return isApostropheGuarded(value) ? value.slice(1) : value;
}

function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows as CSV with CRLF line ends; every cell is formula-neutralised, then quoted if needed. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return rows
    .map((row) => row.map((cell) => quoteField(neutraliseFormula(cell === null || cell === undefined ? "" : String(cell)))).join(","))
    .join("\r\n")
    .concat("\r\n");
}
