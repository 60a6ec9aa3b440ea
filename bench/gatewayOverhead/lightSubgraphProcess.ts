/**
 * One light subgraph as its own process (so its CPU is counted apart from the gateway's):
 * Apollo Server's standalone server, the way a small subgraph is usually served.
 *
 *   LIGHT_SUBGRAPH=products LIGHT_HINTS=on PORT=4101 node --import tsx bench/gatewayOverhead/lightSubgraphProcess.ts
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { LIGHT_SUBGRAPHS, type LightSubgraphName, lightSubgraphSchema } from "./lightSubgraphs";

async function main(): Promise<void> {
  const name = process.env.LIGHT_SUBGRAPH as LightSubgraphName;
  if (!LIGHT_SUBGRAPHS.includes(name)) throw new Error(`LIGHT_SUBGRAPH must be one of ${LIGHT_SUBGRAPHS.join(", ")}`);
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("PORT must be set to a port number");
  const server = new ApolloServer({ schema: lightSubgraphSchema(name, process.env.LIGHT_HINTS === "on") });
  const { url } = await startStandaloneServer(server, { listen: { port, host: "127.0.0.1" } });
  console.log(`light subgraph ${name} ready at ${url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.stop().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
