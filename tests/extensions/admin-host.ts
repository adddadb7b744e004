import fs from "node:fs";
import path from "node:path";
import type { I18nTranslate } from "@shopify/ui-extensions";

/**
 * Stand-ins for what Shopify admin gives an extension at run time, on top of the mock `shopify`
 * global from @shopify/ui-extensions-tester:
 * - `localeTranslator`: the extension's real locales/en.default.json with Shopify's rules
 *   ({{name}} interpolation, plural forms chosen by `count`), so tests read what merchants read
 *   and a key missing from the locale file is caught;
 * - `createAppBackend`: the app's routes as the extension reaches them through fetch, recording
 *   each request (method, path, query, JSON body) and answering with canned responses.
 */

type Messages = { [key: string]: string | Messages };

export interface Translator {
  translate: I18nTranslate;
  /** Keys asked for that the locale file does not have (should stay empty). */
  missingKeys: string[];
}

export function localeTranslator(extensionDir: string, locale = "en.default"): Translator {
  const file = path.resolve(process.cwd(), "extensions", extensionDir, "locales", `${locale}.json`);
  const messages = JSON.parse(fs.readFileSync(file, "utf8")) as Messages;
  const plural = new Intl.PluralRules("en");
  const missingKeys: string[] = [];
  const translate = (key: string, options: Record<string, unknown> = {}): string => {
    let node: string | Messages | undefined = messages;
    for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
    if (typeof node === "object" && typeof options.count === "number") node = node[plural.select(options.count)] ?? node.other;
    if (typeof node !== "string") {
      missingKeys.push(key);
      return `[missing: ${key}]`;
    }
    return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (name in options ? String(options[name]) : match));
  };
  // Extensions here only pass text and numbers, for which Shopify's translate returns a string.
  return { translate: translate as I18nTranslate, missingKeys };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

export type StandInAnswer = { status: number; body?: unknown } | "network-error";
type StandIn = (request: RecordedRequest) => StandInAnswer | Promise<StandInAnswer>;

export function createAppBackend() {
  const requests: RecordedRequest[] = [];
  const routes = new Map<string, StandIn>();
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "https://backstop.test");
    const method = (init.method ?? "GET").toUpperCase();
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const request = { method, path: url.pathname, query: url.searchParams, body, headers: new Headers(init.headers) };
    requests.push(request);
    const standIn = routes.get(`${method} ${url.pathname}`);
    const answer = standIn ? await standIn(request) : { status: 500, body: { errors: { form: `no stand-in for ${method} ${url.pathname}` } } };
    if (answer === "network-error") throw new TypeError("Failed to fetch");
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    /** Answers `method path` (the path without its query) with `standIn` from now on. */
    on(method: string, pathname: string, standIn: StandIn) {
      routes.set(`${method} ${pathname}`, standIn);
    },
  };
}

/** The rendered extension's text, one space between separate pieces (as a merchant reads it). */
export function screenText(): string {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? "");
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** A promise the test resolves when it wants (to see a loading state before an answer). */
export function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
