/**
 * `npm run compose`: composes schema/supergraph.graphql from the subgraph registry.
 *
 *   npm run compose                    write the supergraph if it changed
 *   npm run compose -- --check         write nothing; exit 1 if the committed file is stale
 *   --registry <file>  --out <file>    other registry / output (defaults: schema/subgraphs.json, schema/supergraph.graphql)
 *
 * On composition errors it prints each error with the subgraphs involved and exits 1 without
 * touching the file. The file is replaced atomically, so a running gateway never reads half of it.
 */
import "reflect-metadata";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { supergraphHash } from "../gateway/src/supergraph";
import { composeSupergraph, formatCompositionErrors } from "./supergraph";
import { loadSubgraphRegistry, REGISTRY_PATH, REPO_ROOT } from "@platform/registry";

export interface ComposeOptions {
  registryPath?: string;
  outPath?: string;
  /** Compare only: exit code 1 when the file differs from a fresh composition. */
  check?: boolean;
  print?: (line: string) => void;
  printError?: (line: string) => void;
}

/** Runs the command; resolves with the process exit code. */
export async function runCompose(options: ComposeOptions = {}): Promise<number> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const outPath = path.resolve(REPO_ROOT, options.outPath ?? "schema/supergraph.graphql");
  const shown = path.relative(process.cwd(), outPath) || outPath;

  const registry = loadSubgraphRegistry(path.resolve(REPO_ROOT, options.registryPath ?? REGISTRY_PATH));
  const started = performance.now();
  const result = await composeSupergraph(registry);
  if (!result.ok) {
    printError(formatCompositionErrors(result.errors));
    printError(`${shown} left unchanged.`);
    return 1;
  }
  const elapsed = `${Math.round(performance.now() - started)} ms`;
  for (const hint of result.hints) {
    print(`hint [${hint.code}]${hint.subgraphs.length ? ` (${hint.subgraphs.join(", ")})` : ""}: ${hint.message}`);
  }

  const previous = await readFile(outPath, "utf8").catch(() => undefined);
  const hash = supergraphHash(result.supergraphSdl).slice(0, 12);
  const from = `${result.subgraphs.length} subgraphs (${result.subgraphs.join(", ")})`;
  if (previous === result.supergraphSdl) {
    print(`${shown} is up to date: composed from ${from} in ${elapsed}, sha256 ${hash}.`);
    return 0;
  }
  if (options.check) {
    printError(`${shown} is stale: it differs from the composition of ${from}. Run \`npm run compose\`.`);
    return 1;
  }

  const temporary = `${outPath}.${process.pid}.tmp`;
  await writeFile(temporary, result.supergraphSdl);
  await rename(temporary, outPath);
  const was = previous === undefined ? "new file" : `was ${supergraphHash(previous).slice(0, 12)}`;
  print(`Wrote ${shown}: composed from ${from} in ${elapsed}, sha256 ${hash} (${was}).`);
  return 0;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { check: { type: "boolean" }, registry: { type: "string" }, out: { type: "string" } },
  });
  runCompose({ check: values.check, registryPath: values.registry, outPath: values.out }).then(
    // Exit explicitly: a subgraph module may hold handles (loggers, pools) that keep the loop alive.
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
