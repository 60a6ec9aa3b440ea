import { resolveSubgraphUrl, type SubgraphHealthSource } from "../datasource";
import { supergraphHash, supergraphSubgraphs } from "./supergraphInfo";

interface Serving {
  hash: string;
  loadedAt: string;
  subgraphs: { name: string; url: string }[];
}

/**
 * The supergraph the gateway serves, as `/health` reports it: its hash, when it was loaded, and
 * its subgraphs at the URLs the gateway actually uses. `update` goes to ApolloGateway's
 * `onSchemaLoadOrUpdate`, called on the first load and on every accepted reload.
 */
export class ServingSupergraph {
  private serving: Serving | undefined;

  constructor(private readonly urlOverrides: Readonly<Record<string, string>>) {}

  get loaded(): boolean {
    return this.serving !== undefined;
  }

  readonly update = ({ coreSupergraphSdl }: { coreSupergraphSdl: string }): void => {
    this.serving = {
      hash: supergraphHash(coreSupergraphSdl),
      loadedAt: new Date().toISOString(),
      subgraphs: supergraphSubgraphs(coreSupergraphSdl).map(({ name, url }) => ({ name, url: resolveSubgraphUrl(name, url, this.urlOverrides) })),
    };
  };

  /** The supergraph and its subgraphs, each with its breaker's figures. */
  report(health: SubgraphHealthSource) {
    return {
      supergraph: this.serving ? { hash: this.serving.hash, loadedAt: this.serving.loadedAt } : null,
      subgraphs: (this.serving?.subgraphs ?? []).map((subgraph) => ({ ...subgraph, ...health.subgraphHealth(subgraph.name) })),
    };
  }
}
