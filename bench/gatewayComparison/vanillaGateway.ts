/**
 * The baseline: @apollo/gateway and @apollo/server with their default settings over the
 * committed supergraph, nothing of this repository's gateway. Two changes: where the subgraphs
 * are (each `@join__graph(url:)` is rewritten to SUBGRAPH_<NAME>_URL), and header propagation,
 * which any deployment adds: the client's caller headers are passed on to the subgraphs, signed
 * as they require (the development secret; the vanilla gateway has no authentication).
 *
 *   PORT=4100 SUBGRAPH_CATALOG_URL=... node --import tsx bench/gatewayComparison/vanillaGateway.ts
 *
 * Listens on 127.0.0.1:PORT and prints `vanilla gateway ready at <url>`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { DEVELOPMENT_SERVICE_SECRET, GATEWAY_SERVICE, signedCallerHeaders } from "@platform/caller";
import { identityOf } from "../../test/support/callers";

interface PropagatedHeaders {
  headers: Record<string, string>;
}

/** Passes the client's caller headers on, signed as the gateway. */
class PropagatingDataSource extends RemoteGraphQLDataSource<PropagatedHeaders> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<PropagatedHeaders>): void {
    const signed = signedCallerHeaders(GATEWAY_SERVICE, identityOf(context.headers ?? {}), DEVELOPMENT_SERVICE_SECRET);
    for (const [name, value] of Object.entries(signed)) request.http?.headers.set(name, value);
  }
}

/** The committed supergraph, or BENCH_SUPERGRAPH_PATH (the overhead bench composes its own). */
const SUPERGRAPH_PATH = process.env.BENCH_SUPERGRAPH_PATH ?? path.resolve(__dirname, "../../schema/supergraph.graphql");

/** The supergraph with every subgraph's URL replaced by its SUBGRAPH_<NAME>_URL; each must be set. */
export function supergraphWithUrls(sdl: string, env: NodeJS.ProcessEnv): string {
  let rewritten = 0;
  const result = sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => {
    const url = env[`SUBGRAPH_${name.toUpperCase()}_URL`];
    if (!url) throw new Error(`SUBGRAPH_${name.toUpperCase()}_URL is not set`);
    rewritten += 1;
    return `@join__graph(name: "${name}", url: ${JSON.stringify(url)})`;
  });
  if (rewritten === 0) throw new Error(`no @join__graph(name:, url:) found in ${SUPERGRAPH_PATH}`);
  return result;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("PORT must be set to a port number");
  const supergraphSdl = supergraphWithUrls(readFileSync(SUPERGRAPH_PATH, "utf8"), process.env);
  const server = new ApolloServer<PropagatedHeaders>({ gateway: new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new PropagatingDataSource({ url }) }) });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: "127.0.0.1" },
    context: async ({ req }) => ({ headers: req.headers as Record<string, string> }),
  });
  console.log(`vanilla gateway ready at ${url}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
