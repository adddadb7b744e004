import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/**
 * A private PostgreSQL server for tests and benchmarks: initdb into a temp dir, listen only on
 * 127.0.0.1 on a free port, trust auth, stopped (and its files removed) by `stop()`. Using Debian's
 * binaries directly keeps `npm test` self-contained: no system cluster to configure, no password,
 * no clash with whatever else runs on the machine.
 */
export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  stop(): void;
}

export function findPostgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0]!, "bin") : null;
}

// initdb and postgres refuse to run as root; CI runs as root, a developer usually does not.
function asPostgresUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

export async function startPostgresServer(options: { label?: string; maxConnections?: number } = {}): Promise<PostgresServer> {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `backstop-pg-${options.label ?? "test"}-`));
  const dataDir = path.join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o755);

  const [initCmd, initArgs] = asPostgresUser(path.join(binDir, "initdb"), [
    "-D", dataDir, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync",
  ]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });

  const port = await freePort();
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${options.maxConnections ?? 200}`,
    // A test server's data is disposable: skip the durability work that dominates small writes.
    `-c fsync=off`,
    `-c synchronous_commit=off`,
    `-c full_page_writes=off`,
  ].join(" ");
  const [ctlCmd, ctlArgs] = asPostgresUser(path.join(binDir, "pg_ctl"), [
    "-D", dataDir, "-l", path.join(dir, "server.log"), "-o", settings, "-w", "-t", "60", "start",
  ]);
  const started = spawnSync(ctlCmd, ctlArgs, { stdio: "pipe", encoding: "utf8" });
  if (started.status !== 0) {
    const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8") : "";
    throw new Error(`PostgreSQL did not start: ${started.stderr}\n${log}`);
  }

  let stopped = false;
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      if (stopped) return;
      stopped = true;
      const [stopCmd, stopArgs] = asPostgresUser(path.join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      spawnSync(stopCmd, stopArgs, { stdio: "pipe" });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
