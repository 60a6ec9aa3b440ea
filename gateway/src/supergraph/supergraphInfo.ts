import { createHash } from "node:crypto";
import { Kind, parse, type ConstArgumentNode } from "graphql";

export interface SupergraphSubgraph {
  name: string;
  /** The URL composed into the supergraph (before any SUBGRAPH_<NAME>_URL override). */
  url: string;
}

/** The sha256 of a supergraph document: the same value as the gateway's "composition ID". */
export function supergraphHash(supergraphSdl: string): string {
  return createHash("sha256").update(supergraphSdl).digest("hex");
}

/**
 * The subgraphs a supergraph routes to, in declaration order, read from its `join__Graph`
 * enum (`ENUM_VALUE @join__graph(name: "...", url: "...")`).
 */
export function supergraphSubgraphs(supergraphSdl: string): SupergraphSubgraph[] {
  const subgraphs: SupergraphSubgraph[] = [];
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === "join__graph");
      const name = stringArgument(graph?.arguments, "name");
      if (name !== undefined) subgraphs.push({ name, url: stringArgument(graph?.arguments, "url") ?? "" });
    }
  }
  return subgraphs;
}

function stringArgument(args: readonly ConstArgumentNode[] | undefined, name: string): string | undefined {
  const argument = args?.find((candidate) => candidate.name.value === name);
  return argument?.value.kind === Kind.STRING ? argument.value.value : undefined;
}
