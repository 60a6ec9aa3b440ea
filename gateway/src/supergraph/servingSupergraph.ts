import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import { executedSupergraph, type GatewayContext } from "../context";
import { resolveSubgraphUrl, type SubgraphHealthSource } from "../datasource";
import { supergraphHash, supergraphSubgraphs } from "./supergraphInfo";

interface Serving {
  hash: string;
  loadedAt: string;
  subgraphs: { name: string; url: string }[];
}

/** The version of the schema being served, as what is keyed by it (the response cache) reads it. */
export interface SupergraphVersion {
  /** The serving supergraph's hash; undefined until the first one is loaded. */
  readonly hash: string | undefined;
  /** Supergraphs loaded since start: the first load and every accepted reload (absent where nothing loads, in tests). */
  readonly loads?: number;
  /** When the serving supergraph was loaded (ISO 8601); undefined until then (absent in tests). */
  readonly loadedAt?: string;
  /** The serving supergraph's subgraphs at the URLs the gateway uses (absent in tests). */
  readonly subgraphs?: readonly { name: string; url: string }[];
}

/**
 * The supergraph the gateway serves, as `/health` reports it: its hash, when it was loaded, and
 * its subgraphs at the URLs the gateway actually uses. `update` goes to ApolloGateway's
 * `onSchemaLoadOrUpdate`, called on the first load and on every accepted reload.
 *
 * It also remembers which supergraph each API schema came from, so `plugin` can tell every
 * request the hash of the schema Apollo Server actually executes it with
 * (`executedSupergraph`), even when a reload lands while the request is under way.
 */
export class ServingSupergraph implements SupergraphVersion {
  private serving: Serving | undefined;
  private readonly hashes = new WeakMap<GraphQLSchema, string>();
  private loadCount = 0;

  constructor(private readonly urlOverrides: Readonly<Record<string, string>>) {}

  get loaded(): boolean {
    return this.serving !== undefined;
  }

  get hash(): string | undefined {
    return this.serving?.hash;
  }

  get loads(): number {
    return this.loadCount;
  }

  get loadedAt(): string | undefined {
    return this.serving?.loadedAt;
  }

  get subgraphs(): readonly { name: string; url: string }[] {
    return this.serving?.subgraphs ?? [];
  }

  readonly update = ({ apiSchema, coreSupergraphSdl }: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }): void => {
    const hash = supergraphHash(coreSupergraphSdl);
    this.hashes.set(apiSchema, hash);
    this.loadCount += 1;
    this.serving = {
      hash,
      loadedAt: new Date().toISOString(),
      subgraphs: supergraphSubgraphs(coreSupergraphSdl).map(({ name, url }) => ({ name, url: resolveSubgraphUrl(name, url, this.urlOverrides) })),
    };
  };

  /** Sets each request's `executedSupergraph` from the schema Apollo Server runs it against. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async ({ schema, contextValue }) => {
        executedSupergraph.set(contextValue, this.hashes.get(schema));
      },
    };
  }

  /** The supergraph and its subgraphs, each with its breaker's figures. */
  report(health: SubgraphHealthSource) {
    return {
      supergraph: this.serving ? { hash: this.serving.hash, loadedAt: this.serving.loadedAt } : null,
      subgraphs: (this.serving?.subgraphs ?? []).map((subgraph) => ({ ...subgraph, ...health.subgraphHealth(subgraph.name) })),
    };
  }
}
