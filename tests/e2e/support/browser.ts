import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { chromium, type Browser, type Page, type Response } from "playwright-core";
import { BROWSER_USER_AGENT } from "./app-server";

export const ARTIFACTS_DIR = path.resolve("tests/artifacts/e2e");

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true });
}

/**
 * A page as a merchant's browser would open it: a normal User-Agent (the Shopify library answers
 * bots with 410), no animations (stable screenshots), and Shopify's CDN answered locally: demo
 * mode does not load App Bridge, but a stray request must never leave the machine.
 */
export async function openPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, reducedMotion: "reduce", viewport: { width: 1280, height: 900 } });
  await page.route("https://cdn.shopify.com/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.shopify = { toast: { show() {} } };" }),
  );
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  uncaught.set(page, errors);
  return page;
}

/**
 * Opens a URL and waits until React has hydrated the page (app/root.tsx marks `<html
 * data-hydrated>`): text typed into a server-rendered field before hydration is reset to the
 * component's state, so a journey that typed too early would submit an empty form.
 */
export async function gotoHydrated(page: Page, url: string): Promise<Response | null> {
  const response = await page.goto(url);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  return response;
}

const uncaught = new WeakMap<Page, string[]>();

/** Uncaught errors the page threw so far (hydration errors show up here). */
export function uncaughtErrors(page: Page): string[] {
  return uncaught.get(page) ?? [];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns the serious and critical violations, described. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.addScriptTag({ path: path.resolve("node_modules/axe-core/axe.min.js") });
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * The page at rest: the pointer off every chart and any hover fade undone. Where the last click
 * left the pointer may be over a chart once the next page renders; Polaris Viz then fades every
 * other series' legend button to focus the hovered one (a 100 ms opacity transition), and axe reads
 * the faded labels as too little contrast. That is a hover state, not the page a merchant reads.
 */
async function settlePointer(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("button[data-color-vision-event-index]")).every((element) => getComputedStyle(element).opacity === "1"),
  );
}

/** Keeps a screenshot of the page at rest, then fails on serious axe violations or uncaught page errors. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await settlePointer(page);
  await screenshot(page, name);
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(uncaughtErrors(page)).toEqual([]);
}
