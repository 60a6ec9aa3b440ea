import { readFile } from "node:fs/promises";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { type ASTNode, type DocumentNode, type GraphQLSchema, parse } from "graphql";
import { REPO_ROOT, type SubgraphEntry } from "@platform/registry";
import { printApiSchema } from "../../gateway/src/supergraph";

/** A composition error or hint, with the subgraphs it concerns. */
export interface CompositionProblem {
  code: string;
  message: string;
  /** The subgraphs involved, in registry order; empty when composition could not tell. */
  subgraphs: string[];
}

export type ComposeResult =
  | {
      ok: true;
      supergraphSdl: string;
      /** The client-facing API schema (schema/api.graphql): no `join__`/`link` elements, nothing `@inaccessible`, descriptions kept. */
      apiSchemaSdl: string;
      subgraphs: string[];
      hints: CompositionProblem[];
    }
  | { ok: false; errors: CompositionProblem[] };

/** Code of a problem met while loading a subgraph's schema, before composition proper. */
export const SUBGRAPH_LOAD_FAILED = "SUBGRAPH_LOAD_FAILED";

/**
 * Composes the supergraph from the registry, as `rover supergraph compose` would: each
 * subgraph's SDL comes from its `module` (`createSubgraphSchema()` printed with
 * `printSubgraphSchema`, no database needed) or its committed `sdl` file, and the registry's
 * `url` is what goes into the supergraph. The API schema is the supergraph's client-facing part,
 * printed as the gateway serves it (`printApiSchema`). Never throws for a problem in a subgraph: every
 * problem is returned, each naming the subgraph(s) involved. The SDL ends with a newline, so it
 * compares equal to the file `npm run compose` writes.
 */
export async function composeSupergraph(registry: readonly SubgraphEntry[], options: { root?: string } = {}): Promise<ComposeResult> {
  const root = options.root ?? REPO_ROOT;
  const names = registry.map((entry) => entry.name);
  const loaded = await Promise.all(
    registry.map(async (entry) => {
      try {
        return { entry, typeDefs: parse(await loadSubgraphSdl(entry, root)) };
      } catch (error) {
        return { entry, error: error as Error };
      }
    }),
  );

  const loadErrors = loaded.flatMap(({ entry, error }) =>
    error ? [{ code: SUBGRAPH_LOAD_FAILED, message: `[${entry.name}] ${error.message}`, subgraphs: [entry.name] }] : [],
  );
  if (loadErrors.length > 0) return { ok: false, errors: loadErrors };

  const result = composeServices(
    loaded.map(({ entry, typeDefs }) => ({ name: entry.name, url: entry.url, typeDefs: typeDefs as DocumentNode })),
  );
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((error) => ({
        code: String(error.extensions.code ?? "COMPOSITION_ERROR"),
        message: error.message,
        subgraphs: involvedSubgraphs(error.message, error.nodes, names),
      })),
    };
  }
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl.endsWith("\n") ? result.supergraphSdl : `${result.supergraphSdl}\n`,
    apiSchemaSdl: printApiSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
    subgraphs: names,
    hints: result.hints.map((hint) => ({
      code: hint.definition.code,
      message: hint.message,
      subgraphs: involvedSubgraphs(hint.message, hint.nodes, names),
    })),
  };
}

/** One subgraph's SDL: printed from its `module`'s `createSubgraphSchema()`, or read from its `sdl` file. */
export async function loadSubgraphSdl(entry: SubgraphEntry, root: string = REPO_ROOT): Promise<string> {
  if (entry.module) {
    const modulePath = path.resolve(root, entry.module);
    // require, not import(): CommonJS under tsx and under Jest alike, TypeScript sources included.
    const loaded = require(modulePath) as { createSubgraphSchema?: () => Promise<GraphQLSchema> };
    if (typeof loaded.createSubgraphSchema !== "function") {
      throw new Error(`${entry.module} does not export createSubgraphSchema()`);
    }
    return printSubgraphSchema(await loaded.createSubgraphSchema());
  }
  if (entry.sdl) return readFile(path.resolve(root, entry.sdl), "utf8");
  throw new Error(`"${entry.name}" has neither "module" nor "sdl" in the registry`);
}

/** Formats composition errors for a terminal: the count, then each error with its code and subgraphs. */
export function formatCompositionErrors(errors: readonly CompositionProblem[]): string {
  const lines = [`Composition failed with ${errors.length} error${errors.length === 1 ? "" : "s"}:`];
  errors.forEach((error, index) => {
    const where = error.subgraphs.length > 0 ? `subgraph${error.subgraphs.length === 1 ? "" : "s"} ${error.subgraphs.join(", ")}` : "subgraph unknown";
    lines.push(`  ${index + 1}. [${error.code}] (${where})`, indent(error.message, "     "));
  });
  return lines.join("\n");
}

/**
 * The subgraphs an error or hint concerns: those its AST nodes come from (composition tags each
 * node with its subgraph), else those its message names as `"name"` or `[name]`.
 */
function involvedSubgraphs(message: string, nodes: readonly ASTNode[] | undefined, names: readonly string[]): string[] {
  const involved = new Set<string>();
  for (const node of nodes ?? []) {
    const subgraph = (node as { subgraph?: unknown }).subgraph;
    if (typeof subgraph === "string") involved.add(subgraph);
  }
  if (involved.size === 0) {
    for (const name of names) {
      if (message.includes(`"${name}"`) || message.includes(`[${name}]`)) involved.add(name);
    }
  }
  return names.filter((name) => involved.has(name));
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}
