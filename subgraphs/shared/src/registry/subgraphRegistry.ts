import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const REPO_ROOT = path.resolve(__dirname, "../../../..");
export const REGISTRY_PATH = path.join(REPO_ROOT, "schema/subgraphs.json");

const subgraphEntrySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "a subgraph name is lower-case letters, digits and _"),
  url: z.url(),
  /** Module exporting `createSubgraphSchema()`; used by `npm run compose`. */
  module: z.string().optional(),
  /** A committed SDL file, for a subgraph that lives outside this repository. */
  sdl: z.string().optional(),
  /** The file `npm start` runs as this subgraph's process. */
  entry: z.string().optional(),
});

const registrySchema = z.object({
  subgraphs: z.array(subgraphEntrySchema).min(1),
});

export type SubgraphEntry = z.infer<typeof subgraphEntrySchema>;

/** Reads and validates schema/subgraphs.json; an invalid registry fails with every problem listed. */
export function loadSubgraphRegistry(registryPath = REGISTRY_PATH): SubgraphEntry[] {
  const parsed = registrySchema.safeParse(JSON.parse(readFileSync(registryPath, "utf8")));
  if (!parsed.success) {
    throw new Error(`Invalid subgraph registry ${registryPath}:\n${z.prettifyError(parsed.error)}`);
  }
  const names = parsed.data.subgraphs.map((entry) => entry.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`Invalid subgraph registry ${registryPath}: "${duplicate}" is listed twice`);
  for (const entry of parsed.data.subgraphs) {
    if (!entry.module && !entry.sdl) {
      throw new Error(`Invalid subgraph registry ${registryPath}: "${entry.name}" needs "module" or "sdl" to be composed`);
    }
  }
  return parsed.data.subgraphs;
}

export function findSubgraph(name: string, registry = loadSubgraphRegistry()): SubgraphEntry {
  const entry = registry.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`Subgraph "${name}" is not in the registry (${registry.map((e) => e.name).join(", ")})`);
  return entry;
}

/** The URL a subgraph is reached at: SUBGRAPH_<NAME>_URL when set, else the registry's. */
export function subgraphUrl(entry: SubgraphEntry, env: NodeJS.ProcessEnv = process.env): string {
  return env[`SUBGRAPH_${entry.name.toUpperCase()}_URL`] ?? entry.url;
}
