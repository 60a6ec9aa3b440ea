import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Logger } from "@platform/logging";
import { REPO_ROOT } from "@platform/registry";

/** One file of the IDE, ready to send. */
export interface IdeAsset {
  contentType: string;
  body: Buffer;
  /** The body gzipped, for clients that accept it. */
  gzipped: Buffer;
}

/** The IDE's files by name (`ide.js`, `ide.css`, the Monaco workers, the icon font). */
export type IdeFiles = ReadonlyMap<string, IdeAsset>;

/** The browser sources the bundle is built from. */
const BROWSER_DIR = path.join(REPO_ROOT, "gateway/src/ide/browser");
const ENTRY = path.join(BROWSER_DIR, "ide.tsx");

/**
 * Monaco's web workers, each its own classic-script bundle: the editor's base worker, the JSON
 * worker (variables and headers editors) and monaco-graphql's (the query editor's language service).
 * `browser/monacoWorkers.ts` names the same files.
 */
const WORKERS = {
  "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
  "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
  "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
};

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
};

/** Marks a cache directory whose files were all written. */
const COMPLETE = ".complete";

export interface IdeBundleOptions {
  logger: Logger;
  /** Where built bundles are kept between runs, one folder per version (`.data/ide`, git-ignored). */
  cacheDir?: string;
}

/**
 * The IDE's files: GraphiQL, React and Monaco bundled by esbuild from `node_modules` into the
 * page's script and stylesheet plus Monaco's workers, so the page loads nothing from outside
 * the gateway. Nothing is loaded or built before the first IDE request: `version()` hashes the
 * lockfile and the browser sources (cheap, and names the files' URL), `files()` builds once,
 * on first use, and keeps the result in memory and in `cacheDir`, where the next start finds it.
 * A failed build is not kept: the next request tries again.
 */
export class IdeBundle {
  private versionKey: Promise<string> | undefined;
  private built: Promise<IdeFiles> | undefined;
  private readonly cacheDir: string;

  constructor(private readonly options: IdeBundleOptions) {
    this.cacheDir = options.cacheDir ?? path.join(REPO_ROOT, ".data/ide");
  }

  /** Names this build: changes with the installed packages (the lockfile) and the browser sources. */
  version(): Promise<string> {
    this.versionKey ??= bundleVersion();
    return this.versionKey;
  }

  files(): Promise<IdeFiles> {
    this.built ??= this.load().catch((error: unknown) => {
      this.built = undefined;
      throw error;
    });
    return this.built;
  }

  private async load(): Promise<IdeFiles> {
    const directory = path.join(this.cacheDir, await this.version());
    const cached = await readCached(directory);
    if (cached) return cached;
    const started = performance.now();
    const outputs = await buildBundle();
    this.options.logger.info({ files: outputs.size, ms: Math.round(performance.now() - started) }, "IDE bundled (GraphiQL, from node_modules)");
    await writeCached(directory, outputs).catch((error: unknown) =>
      this.options.logger.warn({ err: error, directory }, "IDE bundle not cached on disk: it is rebuilt on the next start"),
    );
    return assets(outputs);
  }
}

async function bundleVersion(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(await readFile(path.join(REPO_ROOT, "package-lock.json")).catch(() => Buffer.alloc(0)));
  for (const name of (await readdir(BROWSER_DIR)).sort()) {
    hash.update(name).update(await readFile(path.join(BROWSER_DIR, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** esbuild, loaded here and only here: the gateway's start never pays for it. */
async function buildBundle(): Promise<Map<string, Buffer>> {
  const esbuild = await import("esbuild");
  const common = {
    bundle: true,
    minify: true,
    write: false,
    outdir: "/ide",
    logLevel: "silent",
    absWorkingDir: REPO_ROOT,
    define: { "process.env.NODE_ENV": '"production"' },
  } as const;
  const [page, workers] = await Promise.all([
    esbuild.build({ ...common, entryPoints: { ide: ENTRY }, format: "esm", jsx: "automatic", loader: { ".ttf": "file" } }),
    esbuild.build({ ...common, entryPoints: WORKERS, format: "iife" }),
  ]);
  return new Map([...page.outputFiles, ...workers.outputFiles].map((file) => [path.basename(file.path), Buffer.from(file.contents)]));
}

async function readCached(directory: string): Promise<IdeFiles | undefined> {
  const names = await readdir(directory).catch(() => undefined);
  if (!names?.includes(COMPLETE)) return undefined;
  const files = names.filter((name) => name !== COMPLETE);
  return assets(new Map(await Promise.all(files.map(async (name) => [name, await readFile(path.join(directory, name))] as const))));
}

/** Written to a temporary folder renamed into place: another gateway never reads half a bundle. */
async function writeCached(directory: string, outputs: ReadonlyMap<string, Buffer>): Promise<void> {
  const temporary = `${directory}.${process.pid}.tmp`;
  await mkdir(temporary, { recursive: true });
  for (const [name, body] of outputs) await writeFile(path.join(temporary, name), body);
  await writeFile(path.join(temporary, COMPLETE), "");
  await rename(temporary, directory).catch(async (error: NodeJS.ErrnoException) => {
    await rm(temporary, { recursive: true, force: true });
    // Another process cached the same version first: theirs is as good.
    if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
  });
}

function assets(outputs: ReadonlyMap<string, Buffer>): IdeFiles {
  return new Map(
    [...outputs].map(([name, body]) => [
      name,
      { contentType: CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream", body, gzipped: gzipSync(body) },
    ]),
  );
}
