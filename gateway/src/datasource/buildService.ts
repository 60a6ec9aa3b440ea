import { type GraphQLDataSource, RemoteGraphQLDataSource, type ServiceEndpointDefinition } from "@apollo/gateway";

export interface ServiceBuilderOptions {
  /** SUBGRAPH_<NAME>_URL overrides, by subgraph name (GatewayConfig.subgraphUrlOverrides). */
  urlOverrides: Readonly<Record<string, string>>;
}

/**
 * ApolloGateway's `buildService`: the data source through which the gateway reaches one
 * subgraph. Called once per subgraph each time a supergraph is loaded. Per-subgraph transport
 * policy (timeouts, retries, circuit breaking) belongs here and nowhere else.
 */
export function createServiceBuilder(options: ServiceBuilderOptions): (definition: ServiceEndpointDefinition) => GraphQLDataSource {
  return ({ name, url }) => new RemoteGraphQLDataSource({ url: resolveSubgraphUrl(name, url, options.urlOverrides) });
}

/** Where the gateway sends a subgraph's requests: its override if any, else the URL composed into the supergraph. */
export function resolveSubgraphUrl(name: string, composedUrl: string | undefined, urlOverrides: Readonly<Record<string, string>>): string {
  const url = urlOverrides[name] ?? composedUrl;
  if (!url) throw new Error(`Subgraph "${name}" has no URL in the supergraph and no SUBGRAPH_${name.toUpperCase()}_URL override`);
  return url;
}
