export { SubgraphClient, type SubgraphClientOptions } from "./subgraphClient";
