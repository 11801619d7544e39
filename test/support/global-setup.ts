import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import type { Config } from "@jest/types";
import { MOTO_ENDPOINTS_ENV, MOTO_PYTHON } from "./moto";

declare global {
  var __MOTO_SERVERS__: ChildProcess[] | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
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
      `moto is not installed (${MOTO_PYTHON} is missing). Run the tests with "npm test", or install the Python tools with "bash scripts/python-tools.sh".`,
    );
  }
  const count = Math.max(1, globalConfig.maxWorkers);
  const servers: ChildProcess[] = [];
  globalThis.__MOTO_SERVERS__ = servers;
  // Stop the servers however this process ends.
  process.once("exit", () => servers.forEach((s) => s.kill("SIGKILL")));

  const urls = await Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      const child = spawn(MOTO_PYTHON, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      servers.push(child);
      let log = "";
      const keep = (b: Buffer) => (log = (log + b.toString()).slice(-4000));
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      const url = `http://127.0.0.1:${port}`;
      await waitUntilUp(url, child, () => log);
      return url;
    }),
  );
  process.env[MOTO_ENDPOINTS_ENV] = urls.join(",");
}
