/**
 * `npm run compose`: composes schema/supergraph.graphql from the subgraph registry, and writes its
 * client-facing API schema to schema/api.graphql (what clients and codegen read: no `join__`
 * elements, nothing `@inaccessible`, descriptions kept).
 *
 *   npm run compose                    write each file that changed
 *   npm run compose -- --check         write nothing; exit 1 if a committed file is stale
 *   --registry <file>  --out <file>  --api-out <file>
 *                                      other registry / outputs (defaults: schema/subgraphs.json,
 *                                      schema/supergraph.graphql, api.graphql next to the supergraph)
 *
 * On composition errors it prints each error with the subgraphs involved and exits 1 without
 * touching either file. Each file is replaced atomically, so a running gateway never reads half of it.
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
  /** Where the client-facing API schema goes (default: api.graphql next to the supergraph, schema/api.graphql). */
  apiOutPath?: string;
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
  const apiOutPath = options.apiOutPath ? path.resolve(REPO_ROOT, options.apiOutPath) : path.join(path.dirname(outPath), "api.graphql");

  const registry = loadSubgraphRegistry(path.resolve(REPO_ROOT, options.registryPath ?? REGISTRY_PATH));
  const started = performance.now();
  const result = await composeSupergraph(registry);
  if (!result.ok) {
    printError(formatCompositionErrors(result.errors));
    printError(`${[outPath, apiOutPath].map((file) => path.relative(process.cwd(), file) || file).join(" and ")} left unchanged.`);
    return 1;
  }
  const elapsed = `${Math.round(performance.now() - started)} ms`;
  for (const hint of result.hints) {
    print(`hint [${hint.code}]${hint.subgraphs.length ? ` (${hint.subgraphs.join(", ")})` : ""}: ${hint.message}`);
  }

  const from = `${result.subgraphs.length} subgraphs (${result.subgraphs.join(", ")})`;
  const files = [
    { path: outPath, content: result.supergraphSdl },
    { path: apiOutPath, content: result.apiSchemaSdl },
  ];
  let status = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), file.path) || file.path;
    const previous = await readFile(file.path, "utf8").catch(() => undefined);
    const hash = supergraphHash(file.content).slice(0, 12);
    if (previous === file.content) {
      print(`${shown} is up to date: composed from ${from} in ${elapsed}, sha256 ${hash}.`);
      continue;
    }
    if (options.check) {
      printError(`${shown} is stale: it differs from the composition of ${from}. Run \`npm run compose\`.`);
      status = 1;
      continue;
    }
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.content);
    await rename(temporary, file.path);
    const was = previous === undefined ? "new file" : `was ${supergraphHash(previous).slice(0, 12)}`;
    print(`Wrote ${shown}: composed from ${from} in ${elapsed}, sha256 ${hash} (${was}).`);
  }
  return status;
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { check: { type: "boolean" }, registry: { type: "string" }, out: { type: "string" }, "api-out": { type: "string" } },
  });
  runCompose({ check: values.check, registryPath: values.registry, outPath: values.out, apiOutPath: values["api-out"] }).then(
    // Exit explicitly: a subgraph module may hold handles (loggers, pools) that keep the loop alive.
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
