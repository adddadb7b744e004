import type { TestProject } from "vitest/node";
import { startAppServer } from "./app-server";
import { warmUpPages } from "./warm-up";

declare module "vitest" {
  export interface ProvidedContext {
    appOrigin: string;
    shop: string;
    databaseUrl: string;
  }
}

/** One demo server for the whole browser suite (starting it costs a Vite compile and a sync). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const verbose = process.env.BACKSTOP_E2E_VERBOSE === "1";
  const server = await startAppServer({ log: verbose ? (line) => process.stdout.write(`[e2e] ${line}\n`) : undefined });
  try {
    await warmUpPages(server.origin);
  } catch (error) {
    await server.close();
    throw error;
  }
  process.stdout.write(`[e2e] demo server ready at ${server.origin} for ${server.shop} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  project.provide("appOrigin", server.origin);
  project.provide("shop", server.shop);
  project.provide("databaseUrl", server.databaseUrl);
  return () => server.close();
}
