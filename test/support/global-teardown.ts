/** Stops the moto servers that global-setup started. */
export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__MOTO_SERVERS__ ?? [];
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.exitCode !== null || s.signalCode !== null) return resolve();
          s.once("exit", () => resolve());
          s.kill("SIGTERM");
          setTimeout(() => {
            s.kill("SIGKILL");
            resolve();
          }, 5000).unref();
        }),
    ),
  );
}
