/**
 * Hive Gateway (`@graphql-hive/gateway`'s `createGatewayRuntime`) with its defaults, over the
 * supergraph in BENCH_SUPERGRAPH_PATH, for the overhead bench's comparison. The same two changes
 * as the vanilla gateway (../gatewayComparison/vanillaGateway.ts), done the same way:
 *
 * - where the subgraphs are: each `@join__graph(url:)` rewritten to SUBGRAPH_<NAME>_URL by
 *   vanillaGateway's own `supergraphWithUrls`;
 * - header propagation: for every subgraph request, the client's caller headers are passed on,
 *   signed as the gateway with the development secret (`signedCallerHeaders(identityOf(...))`,
 *   as vanilla's `willSendRequest` does), here through Hive's `propagateHeaders.fromClientToSubgraphs`.
 *   The light subgraphs ignore these headers; the work is done anyway so that both gateways do
 *   the same.
 *
 * Everything else is Hive's default (listed in README.md): landing page and GraphiQL stay on
 * (they answer GET, the bench POSTs), logging at its default level.
 *
 *   PORT=4100 BENCH_SUPERGRAPH_PATH=... SUBGRAPH_PRODUCTS_URL=... SUBGRAPH_STOCK_URL=... node --import tsx bench/gatewayOverhead/hiveGateway.ts
 *
 * Listens on 127.0.0.1:PORT, serves GraphQL at /graphql, and prints `hive gateway ready at <url>`
 * (the bench waits for an answer to `{ __typename }`, not for the line).
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { DEVELOPMENT_SERVICE_SECRET, GATEWAY_SERVICE, signedCallerHeaders } from "@platform/caller";
import { identityOf } from "../../test/support/callers";
import { supergraphWithUrls } from "../gatewayComparison/vanillaGateway";

/**
 * The part of `@graphql-hive/gateway` used here, typed by hand: its own typings reference the
 * `dom` lib (through @whatwg-node/fetch), which would change the global `fetch` and `Request`
 * types of every file of the project's type check. This is a subset of its `GatewayConfig` and
 * `GatewayRuntime` (a Yoga server instance, callable as a node:http request listener).
 */
interface HiveGatewayModule {
  createGatewayRuntime(config: {
    supergraph: string;
    propagateHeaders: {
      fromClientToSubgraphs: (payload: { context: { headers?: Record<string, string> }; subgraphName: string }) => Record<string, string>;
    };
  }): ((request: IncomingMessage, response: ServerResponse) => void) & { graphqlEndpoint: string; dispose(): Promise<void> | void };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see HiveGatewayModule
const { createGatewayRuntime } = require("@graphql-hive/gateway") as HiveGatewayModule;

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("PORT must be set to a port number");
  const supergraphPath = process.env.BENCH_SUPERGRAPH_PATH;
  if (!supergraphPath) throw new Error("BENCH_SUPERGRAPH_PATH must name the supergraph file");
  const supergraph = supergraphWithUrls(readFileSync(supergraphPath, "utf8"), process.env);

  const gateway = createGatewayRuntime({
    supergraph,
    propagateHeaders: {
      // `context.headers` is the client request's headers as a record of lowercase names, like vanilla's `req.headers`.
      fromClientToSubgraphs: ({ context }) => signedCallerHeaders(GATEWAY_SERVICE, identityOf(context.headers ?? {}), DEVELOPMENT_SERVICE_SECRET),
    },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  console.log(`hive gateway ready at http://127.0.0.1:${port}${gateway.graphqlEndpoint}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close();
      void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
