/**
 * The production web server for the benchmark: `remix vite:build` of the app into
 * .cache/bench-scale/build (ignored by git; inside the repository so the server build resolves
 * node_modules), leaving the project's own build/ alone, then `remix-serve` on it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const CACHE_DIR = path.resolve(".cache/bench-scale");
export const BENCH_BUILD_DIR = path.join(CACHE_DIR, "build");

/** Builds the app with the project's Vite config, only the build directory changed (in a child process). */
export function buildWebServer(): Promise<void> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const projectConfig = fs.readFileSync("vite.config.ts", "utf8");
  if (!projectConfig.includes("remix({")) throw new Error("vite.config.ts no longer calls remix({ … }): update tests/bench/scale/web-build.ts");
  const configPath = path.join(CACHE_DIR, "vite.config.ts");
  fs.writeFileSync(configPath, projectConfig.replace("remix({", `remix({\n      buildDirectory: ${JSON.stringify(BENCH_BUILD_DIR)},`));
  const build = spawn(path.resolve("node_modules/.bin/remix"), ["vite:build", "--config", configPath, "--logLevel", "error"], { stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve, reject) => {
    build.on("error", reject);
    build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`remix vite:build exited with code ${code}`))));
  });
}

/** Starts remix-serve on the benchmark build; resolves once it answers GET /healthz. */
export async function startWebServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const server = spawn(path.resolve("node_modules/.bin/node"), [path.resolve("node_modules/@remix-run/serve/dist/cli.js"), path.join(BENCH_BUILD_DIR, "server/index.js")], {
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`remix-serve exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("remix-serve did not answer /healthz within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
