/**
 * moto in server mode as the AWS endpoint for tests.
 *
 * `global-setup.ts` starts one `moto.server` per jest worker on a free loopback port
 * and publishes the endpoints in MOTO_ENDPOINTS; each worker uses its own server, so
 * test files running in parallel never see each other's state, and `test/setup.ts`
 * resets that server before every test file.
 */
import * as path from "node:path";

export const MOTO_ENDPOINTS_ENV = "MOTO_ENDPOINTS";
export const MOTO_PYTHON = path.join(__dirname, "..", "..", ".venv", "moto", "bin", "python");

/** Credentials moto accepts; never real ones. */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
export const MOTO_REGION = "us-east-1";

function endpoints(): string[] {
  const value = process.env[MOTO_ENDPOINTS_ENV];
  if (!value) {
    throw new Error(`${MOTO_ENDPOINTS_ENV} is not set: run the tests with npm test, which starts moto_server`);
  }
  return value.split(",");
}

/** This worker's moto endpoint, e.g. http://127.0.0.1:40123. */
export function motoEndpoint(): string {
  const all = endpoints();
  const worker = Number(process.env.JEST_WORKER_ID ?? "1");
  return all[(worker - 1) % all.length];
}

/** Client options for an AWS SDK v3 client pointed at this worker's moto server. */
export function motoClientConfig(region = MOTO_REGION) {
  return { endpoint: motoEndpoint(), region, credentials: MOTO_CREDENTIALS };
}

/** Forgets every resource this worker's moto server holds. */
export async function resetMoto(): Promise<void> {
  const res = await fetch(`${motoEndpoint()}/moto-api/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}
