/**
 * `npm run build`: every process (the gateway and each registry subgraph with an `entry`) bundled
 * by esbuild into one JavaScript file under dist/, with a source map, mirroring its source path
 * (`gateway/src/index.ts` → `dist/gateway/src/index.js`). Packages from node_modules stay outside
 * the bundle (required at run time, as installed); this repository's modules, `@platform/*` and
 * `@subgraph-kit/*` aliases included, are inside it. `npm start` builds first and runs the bundles
 * with `node --enable-source-maps`: a process starts without compiling TypeScript on the way
 * (bench/gatewayStart.ts measures the difference).
 *
 * Type-checking is not part of it (`npm run typecheck` is): esbuild strips the types, as tsx did.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { build } from "esbuild";
import { loadSubgraphRegistry, REPO_ROOT } from "@platform/registry";

export const GATEWAY_ENTRY = "gateway/src/index.ts";
export const DIST_DIR = path.join(REPO_ROOT, "dist");

/**
 * Where the bundle of a source entry lands: its path below the repository, under dist/; an entry
 * outside the repository (a registry may name any file) under dist/outside/<hash of its path>/.
 */
export function builtEntry(entry: string): string {
  return path.join(DIST_DIR, `${bundleName(entry)}.js`);
}

function bundleName(entry: string): string {
  const absolute = path.resolve(REPO_ROOT, entry);
  const relative = path.relative(REPO_ROOT, absolute);
  const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
  const name = inside ? relative : path.join("outside", createHash("sha256").update(absolute).digest("hex").slice(0, 12), path.basename(absolute));
  return name.replace(/\.[cm]?[jt]s$/, "");
}

/** The entries of every process `npm start` runs: the registry's subgraphs, then the gateway. */
export function processEntries(): string[] {
  return [...loadSubgraphRegistry().flatMap((subgraph) => (subgraph.entry ? [subgraph.entry] : [])), GATEWAY_ENTRY];
}

/** Bundles the entries; resolves with the built files, rejects with esbuild's messages on an error. */
export async function buildProcesses(entries: readonly string[] = processEntries()): Promise<string[]> {
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: entries.map((entry) => ({ in: path.resolve(REPO_ROOT, entry), out: bundleName(entry) })),
    outdir: DIST_DIR,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: true,
    // Class and function names stay as written: type-graphql and the logs read them.
    keepNames: true,
    logLevel: "warning",
  });
  return entries.map(builtEntry);
}

if (require.main === module) {
  const started = performance.now();
  buildProcesses().then(
    (built) => console.log(`built ${built.length} processes in ${Math.round(performance.now() - started)} ms:\n${built.map((file) => `  ${path.relative(REPO_ROOT, file)}`).join("\n")}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
