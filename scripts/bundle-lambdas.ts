/**
 * Bundles every Lambda handler (lambda-src/<name>/index.ts) with esbuild into
 * dist/lambda/<name>/index.js, and zips it to dist/lambda/<name>.zip. The AWS SDK v3
 * is left out: the Node.js 22 runtime provides it. Runs before tests and synth.
 */
import { build } from "esbuild";
import { deflateRawSync, crc32 } from "node:zlib";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const SRC = path.join(ROOT, "lambda-src");
const OUT = path.join(ROOT, "dist", "lambda");

/** A zip archive holding one file, deflated. */
function zipOne(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content, { level: 9 });
  const crc = crc32(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

async function main(): Promise<void> {
  const handlers = readdirSync(SRC).filter(
    (d) => existsSync(path.join(SRC, d, "index.ts")) && statSync(path.join(SRC, d)).isDirectory(),
  );
  for (const name of handlers) {
    const outfile = path.join(OUT, name, "index.js");
    mkdirSync(path.dirname(outfile), { recursive: true });
    await build({
      entryPoints: [path.join(SRC, name, "index.ts")],
      outfile,
      bundle: true,
      platform: "node",
      target: "node22",
      format: "cjs",
      minify: true,
      legalComments: "none",
      external: ["@aws-sdk/*"],
      logLevel: "warning",
    });
    writeFileSync(path.join(OUT, `${name}.zip`), zipOne("index.js", readFileSync(outfile)));
  }
  if (process.argv.includes("--verbose"))
    console.log(`bundled ${handlers.join(", ")} into ${path.relative(ROOT, OUT)}`);
}

main().catch((e: Error) => {
  console.error(`bundle-lambdas: ${e.message}`);
  process.exit(1);
});
