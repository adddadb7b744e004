import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PRODUCTION_NODE_FLAGS } from "../../../scripts/production-node-flags";

/**
 * Every production command that starts a process able to run a sync passes the same Node flags:
 * the benchmark measures the sync with them (scripts/production-node-flags.ts), so a command
 * without them would run with a heap the figures never measured.
 */
const packageScripts = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
const procfile = Object.fromEntries(
  fs
    .readFileSync("Procfile", "utf8")
    .split("\n")
    .filter((line) => line.includes(":"))
    .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
);
const dockerCmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync("Dockerfile", "utf8"))?.[1];

/** The flags a `node …` command line passes before its script. */
function nodeFlagsOf(command: string): string[] {
  const words = command.split(/\s+/);
  expect(words[0]).toBe("node");
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}

describe("production Node flags", () => {
  it("are set and each is a --flag=value", () => {
    expect(PRODUCTION_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of PRODUCTION_NODE_FLAGS) expect(flag).toMatch(/^--[a-z-]+=\S+$/);
  });

  it.each([
    ["npm start", packageScripts.start],
    ["npm run start:worker", packageScripts["start:worker"]],
    ["npm run start:sync", packageScripts["start:sync"]],
    ["Procfile web", procfile.web],
    ["Procfile worker", procfile.worker],
  ])("%s passes exactly them", (_name, command) => {
    expect(command).toBeDefined();
    expect(nodeFlagsOf(command)).toEqual(PRODUCTION_NODE_FLAGS);
  });

  it("the Dockerfile's default (web) command passes exactly them", () => {
    expect(dockerCmd).toBeDefined();
    expect(nodeFlagsOf((JSON.parse(dockerCmd as string) as string[]).join(" "))).toEqual(PRODUCTION_NODE_FLAGS);
  });

  it("the Dockerfile's worker example passes them too", () => {
    const example = /worker\s+docker run … backstop (node .*)$/m.exec(fs.readFileSync("Dockerfile", "utf8"))?.[1];
    expect(example).toBeDefined();
    expect(nodeFlagsOf(example as string)).toEqual(PRODUCTION_NODE_FLAGS);
  });
});
