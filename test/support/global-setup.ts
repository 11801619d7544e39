import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { Config } from "@jest/types";
import { MOTO_ENDPOINTS_ENV, MOTO_PYTHON } from "./moto";

declare global {
  var __MOTO_SERVERS__: ChildProcess[] | undefined;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with code ${child.exitCode} before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${url} within 30 s:\n${output()}`);
}

/** Starts one moto server per jest worker, on loopback ports nobody else uses. */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (!existsSync(MOTO_PYTHON)) {
    throw new Error(
      `moto is not installed (${MOTO_PYTHON} is missing). Run the tests with "npm test", which installs the Python tools first (bash scripts/python-tools.sh), or only the tests that need Node.js alone with "npm run test:unit".`,
    );
  }
  const count = Math.max(1, globalConfig.maxWorkers);
  const servers: ChildProcess[] = [];
  globalThis.__MOTO_SERVERS__ = servers;
  // Stop the servers when this process exits normally; if it is killed, their stdin
  // closes and they exit by themselves (test/support/moto-server.py).
  process.once("exit", () => servers.forEach((s) => s.kill("SIGKILL")));

  const urls = await Promise.all(
    Array.from({ length: count }, async () => {
      // Port 0: the operating system picks a free port and werkzeug prints it, so no
      // two servers (or another program) can race for one. stdin stays open as a
      // lifeline: the wrapper exits when it closes, however jest ends.
      const child = spawn(MOTO_PYTHON, [path.join(__dirname, "moto-server.py")], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      servers.push(child);
      let log = "";
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`moto_server printed no port within 30 s:\n${log}`)), 30_000);
        const read = (b: Buffer) => {
          log = (log + b.toString()).slice(-4000);
          const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        };
        child.stdout?.on("data", read);
        child.stderr?.on("data", read);
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`moto_server exited with code ${code} before it was ready:\n${log}`));
        });
      });
      const url = `http://127.0.0.1:${port}`;
      await waitUntilUp(url, child, () => log);
      return url;
    }),
  );
  if (new Set(urls).size !== urls.length) throw new Error(`moto servers share an endpoint: ${urls.join(", ")}`);
  process.env[MOTO_ENDPOINTS_ENV] = urls.join(",");
}
