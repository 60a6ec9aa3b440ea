import { existsSync } from "node:fs";
import path from "node:path";

/** The file that marks the repository's root: the subgraph registry. */
const MARKER = path.join("schema", "subgraphs.json");

/**
 * The repository's root: the nearest directory above `from` holding schema/subgraphs.json.
 * Found by walking up rather than by a fixed number of `..`, so the same code works from the
 * sources (run by tsx) and from the bundles `npm run build` writes under dist/.
 */
export function findRepoRoot(from: string): string {
  for (let directory = path.resolve(from); ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, MARKER))) return directory;
    if (path.dirname(directory) === directory) throw new Error(`No ${MARKER} in ${from} or any directory above it: run from a checkout of this repository (or a build of one).`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
