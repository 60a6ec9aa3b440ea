import { readFile } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "@platform/registry";

/** The page's script source, type-checked with tsconfig.browser.json. */
const SOURCE = path.join(REPO_ROOT, "gateway/src/statusPage/browser/statusPage.ts");

let script: Promise<string> | undefined;

/**
 * The page's script as JavaScript: `browser/statusPage.ts` transpiled by esbuild (loaded here
 * only, on the first request for it; the gateway's start never pays for it), kept in memory. A
 * failure is not kept: the next request tries again.
 */
export function statusScript(): Promise<string> {
  script ??= (async () => {
    const esbuild = await import("esbuild");
    const { code } = await esbuild.transform(await readFile(SOURCE, "utf8"), { loader: "ts", format: "iife", target: "es2022", sourcefile: "statusPage.ts" });
    return code;
  })();
  script.catch(() => (script = undefined));
  return script;
}
