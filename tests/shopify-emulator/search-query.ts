/**
 * Shopify's search syntax for `query:` arguments ✅ [SEARCH]: whitespace-separated terms with an
 * implied AND, explicit `AND` / `OR` / `NOT` (or a leading `-`), parentheses, `field:value` with the
 * comparators `:` `:<` `:>` `:<=` `:>=`, values as bare words or single/double-quoted strings. A term
 * on a field the resource does not know is ignored and reported in `extensions.search` as Shopify does.
 */
import { parseGid } from "./format";

export type Comparator = ":" | ":<" | ":>" | ":<=" | ":>=";

export type SearchNode =
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] }
  | { kind: "not"; child: SearchNode }
  | { kind: "term"; field: string | null; comparator: Comparator; value: string };

export class SearchSyntaxError extends Error {}

// ---------------------------------------------------------------------------------------- parsing

type Token =
  | { kind: "open" }
  | { kind: "close" }
  | { kind: "word"; text: string; negated: boolean };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(") {
      tokens.push({ kind: "open" });
      i++;
    } else if (ch === ")") {
      tokens.push({ kind: "close" });
      i++;
    } else {
      let negated = false;
      if (ch === "-" && i + 1 < input.length && !/\s/.test(input[i + 1])) {
        negated = true;
        i++;
      }
      let text = "";
      while (i < input.length && !/[\s()]/.test(input[i])) {
        const c = input[i];
        if (c === "'" || c === '"') {
          const end = input.indexOf(c, i + 1);
          if (end < 0) throw new SearchSyntaxError(`Unterminated quote in search query: ${input}`);
          // Keep the quotes so the term parser can tell a quoted value from a bare one.
          text += input.slice(i, end + 1);
          i = end + 1;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ kind: "word", text, negated });
    }
  }
  return tokens;
}

export function parseSearchQuery(input: string): SearchNode {
  const tokens = tokenize(input);
  let position = 0;

  const parseOr = (): SearchNode => {
    const children = [parseAnd()];
    while (peekKeyword("OR")) {
      position++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0] : { kind: "or", children };
  };
  const parseAnd = (): SearchNode => {
    const children: SearchNode[] = [];
    while (position < tokens.length) {
      const token = tokens[position];
      if (token.kind === "close" || peekKeyword("OR")) break;
      if (peekKeyword("AND")) {
        position++;
        continue;
      }
      children.push(parseUnary());
    }
    if (children.length === 0) return { kind: "and", children: [] };
    return children.length === 1 ? children[0] : { kind: "and", children };
  };
  const parseUnary = (): SearchNode => {
    const token = tokens[position];
    if (peekKeyword("NOT")) {
      position++;
      return { kind: "not", child: parseUnary() };
    }
    if (token.kind === "open") {
      position++;
      const inner = parseOr();
      if (tokens[position]?.kind !== "close") throw new SearchSyntaxError(`Unbalanced parentheses in search query: ${input}`);
      position++;
      return inner;
    }
    if (token.kind === "close") throw new SearchSyntaxError(`Unexpected ")" in search query: ${input}`);
    position++;
    const term = parseTerm(token.text);
    return token.negated ? { kind: "not", child: term } : term;
  };
  const peekKeyword = (keyword: string): boolean => {
    const token = tokens[position];
    return token?.kind === "word" && !token.negated && token.text === keyword;
  };

  const tree = parseOr();
  if (position < tokens.length) throw new SearchSyntaxError(`Unexpected ")" in search query: ${input}`);
  return tree;
}

function parseTerm(text: string): SearchNode {
  const match = /^([A-Za-z_][A-Za-z0-9_.]*):(<=|>=|<|>)?(.*)$/.exec(text);
  if (!match) return { kind: "term", field: null, comparator: ":", value: unquote(text) };
  const comparator = (match[2] ? `:${match[2]}` : ":") as Comparator;
  return { kind: "term", field: match[1], comparator, value: unquote(match[3]) };
}

function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === "'" || text[0] === '"') && text[text.length - 1] === text[0]) {
    return text.slice(1, -1);
  }
  return text.replace(/['"]/g, "");
}

// -------------------------------------------------------------------------------------- matching

export type FieldSpec<T> =
  | { type: "time"; get: (item: T) => number | null }
  | { type: "string"; get: (item: T) => string | null | readonly (string | null)[] }
  | { type: "boolean"; get: (item: T) => boolean }
  | { type: "number"; get: (item: T) => number | null }
  | { type: "id"; get: (item: T) => number }
  /** Enumerated values with their own meaning (e.g. orders `status:open`). */
  | { type: "enum"; values: Record<string, (item: T) => boolean> };

export interface SearchSpec<T> {
  fields: Record<string, FieldSpec<T>>;
  /** Bare words (no field) match against this text, case-insensitively; omitted = warning. */
  freeText?: (item: T) => string;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export interface SearchEnvironment {
  nowMs: number;
  /** Dates without a time are midnights in the shop's time zone. */
  ianaTimezone: string;
  strictComparisonsInclusive: boolean;
}

export interface CompiledSearch<T> {
  matches: (item: T) => boolean;
  warnings: SearchWarning[];
}

const MATCH_ALL = (): boolean => true;

export function compileSearch<T>(
  query: string | null | undefined,
  spec: SearchSpec<T>,
  environment: SearchEnvironment,
): CompiledSearch<T> {
  const warnings: SearchWarning[] = [];
  if (!query || query.trim() === "") return { matches: MATCH_ALL, warnings };
  let tree: SearchNode;
  try {
    tree = parseSearchQuery(query);
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    warnings.push({ field: "query", message: error.message });
    return { matches: MATCH_ALL, warnings };
  }
  return { matches: compileNode(tree, spec, environment, warnings) ?? MATCH_ALL, warnings };
}

/** null = "this term is ignored" (unknown field or unusable value), which drops out of AND/OR. */
function compileNode<T>(
  node: SearchNode,
  spec: SearchSpec<T>,
  environment: SearchEnvironment,
  warnings: SearchWarning[],
): ((item: T) => boolean) | null {
  switch (node.kind) {
    case "and": {
      const parts = node.children.map((c) => compileNode(c, spec, environment, warnings)).filter(isPresent);
      if (parts.length === 0) return null;
      return (item) => parts.every((p) => p(item));
    }
    case "or": {
      const parts = node.children.map((c) => compileNode(c, spec, environment, warnings)).filter(isPresent);
      if (parts.length === 0) return null;
      return (item) => parts.some((p) => p(item));
    }
    case "not": {
      const inner = compileNode(node.child, spec, environment, warnings);
      return inner ? (item) => !inner(item) : null;
    }
    case "term":
      return compileTerm(node, spec, environment, warnings);
  }
}

function compileTerm<T>(
  term: Extract<SearchNode, { kind: "term" }>,
  spec: SearchSpec<T>,
  environment: SearchEnvironment,
  warnings: SearchWarning[],
): ((item: T) => boolean) | null {
  if (term.field === null) {
    if (!spec.freeText) {
      warnings.push({ field: "default", message: "Free-text search is not supported for this query." });
      return null;
    }
    const needle = term.value.toLowerCase();
    const freeText = spec.freeText;
    return (item) => freeText(item).toLowerCase().includes(needle);
  }
  const field = spec.fields[term.field];
  if (!field) {
    warnings.push({ field: term.field, message: "Invalid search field for this query." });
    return null;
  }
  const { comparator, value } = term;
  switch (field.type) {
    case "time": {
      const range = parseTimeValue(value, environment);
      if (!range) {
        warnings.push({ field: term.field, message: `Invalid time value: ${value}` });
        return null;
      }
      const get = field.get;
      const inclusive = environment.strictComparisonsInclusive;
      // Shopify keeps whole seconds, so compare seconds.
      const startS = Math.floor(range.startMs / 1000);
      const endS = Math.floor(range.endMs / 1000); // exclusive
      const seconds = (item: T): number | null => {
        const ms = get(item);
        return ms === null ? null : Math.floor(ms / 1000);
      };
      switch (comparator) {
        case ":":
          return (item) => {
            const s = seconds(item);
            return s !== null && s >= startS && s < endS;
          };
        case ":>":
          return (item) => {
            const s = seconds(item);
            return s !== null && (inclusive ? s >= startS : s > startS);
          };
        case ":>=":
          return (item) => {
            const s = seconds(item);
            return s !== null && s >= startS;
          };
        case ":<":
          return (item) => {
            const s = seconds(item);
            return s !== null && (inclusive ? s <= startS : s < startS);
          };
        case ":<=":
          return (item) => {
            const s = seconds(item);
            return s !== null && s <= startS;
          };
      }
      return null;
    }
    case "boolean": {
      const wanted = value.toLowerCase();
      if (wanted !== "true" && wanted !== "false") {
        warnings.push({ field: term.field, message: `Invalid boolean value: ${value}` });
        return null;
      }
      const get = field.get;
      return (item) => get(item) === (wanted === "true");
    }
    case "enum": {
      const predicate = field.values[value.toLowerCase()];
      if (!predicate) {
        warnings.push({ field: term.field, message: `Invalid value for ${term.field}: ${value}` });
        return null;
      }
      return predicate;
    }
    case "string": {
      const get = field.get;
      const wanted = value.toLowerCase();
      const prefix = wanted.endsWith("*") ? wanted.slice(0, -1) : null;
      const one = (text: string | null): boolean => {
        if (text === null) return false;
        const lower = text.toLowerCase();
        return prefix !== null ? lower.startsWith(prefix) : lower === wanted;
      };
      return (item) => {
        const got = get(item);
        return Array.isArray(got) ? got.some(one) : one(got as string | null);
      };
    }
    case "number":
    case "id": {
      const parsed = field.type === "id" ? parseIdValue(value) : Number(value);
      if (parsed === null || !Number.isFinite(parsed)) {
        warnings.push({ field: term.field, message: `Invalid value: ${value}` });
        return null;
      }
      const get = field.get;
      const test = numericComparison(comparator, parsed);
      return (item) => {
        const got = get(item);
        return got !== null && test(got);
      };
    }
  }
}

function numericComparison(comparator: Comparator, wanted: number): (got: number) => boolean {
  switch (comparator) {
    case ":":
      return (got) => got === wanted;
    case ":>":
      return (got) => got > wanted;
    case ":>=":
      return (got) => got >= wanted;
    case ":<":
      return (got) => got < wanted;
    case ":<=":
      return (got) => got <= wanted;
  }
}

function parseIdValue(value: string): number | null {
  if (/^[0-9]+$/.test(value)) return Number(value);
  return parseGid(value)?.id ?? null;
}

/** A time value as the instant range it names: "now", a full timestamp, a date, a month or a year. */
export function parseTimeValue(
  value: string,
  environment: Pick<SearchEnvironment, "nowMs" | "ianaTimezone">,
): { startMs: number; endMs: number } | null {
  if (value.toLowerCase() === "now") return { startMs: environment.nowMs, endMs: environment.nowMs + 1000 };
  const day = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (day) {
    const year = Number(day[1]);
    const month = day[2] ? Number(day[2]) : null;
    const date = day[3] ? Number(day[3]) : null;
    const tz = environment.ianaTimezone;
    if (month === null) return { startMs: zonedMidnight(year, 1, 1, tz), endMs: zonedMidnight(year + 1, 1, 1, tz) };
    if (date === null) {
      const next = month === 12 ? [year + 1, 1] : [year, month + 1];
      return { startMs: zonedMidnight(year, month, 1, tz), endMs: zonedMidnight(next[0], next[1], 1, tz) };
    }
    const start = zonedMidnight(year, month, date, tz);
    const following = new Date(Date.UTC(year, month - 1, date + 1));
    return {
      startMs: start,
      endMs: zonedMidnight(following.getUTCFullYear(), following.getUTCMonth() + 1, following.getUTCDate(), tz),
    };
  }
  // A timestamp without an offset is read in the shop's zone, like a date.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const parsed = hasZone ? Date.parse(value) : parseLocalTimestamp(value, environment.ianaTimezone);
  if (parsed === null || Number.isNaN(parsed)) return null;
  return { startMs: parsed, endMs: parsed + 1000 };
}

function parseLocalTimestamp(value: string, tz: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return asUtc - zoneOffsetMs(asUtc - zoneOffsetMs(asUtc, tz), tz);
}

/** Epoch ms of local midnight on the given calendar date in `tz`. */
export function zonedMidnight(year: number, month: number, day: number, tz: string): number {
  const asUtc = Date.UTC(year, month - 1, day);
  return asUtc - zoneOffsetMs(asUtc - zoneOffsetMs(asUtc, tz), tz);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset (ms) at the given instant. */
export function zoneOffsetMs(epochMs: number, tz: string): number {
  let formatter = offsetFormatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(tz, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return local - Math.floor(epochMs / 1000) * 1000;
}

function isPresent<T>(value: T | null): value is T {
  return value !== null;
}
