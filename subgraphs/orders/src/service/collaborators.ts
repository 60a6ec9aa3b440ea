import { type Logger, type ServiceIdentity, SubgraphClient } from "../../../shared/src";
import type { PrismaClient } from "../generated/prisma/client";
import { CatalogClient } from "./catalogClient";
import { InventoryClient } from "./inventoryClient";
import { JourneyClient } from "./journeyClient";
import { StockReleases } from "./stockReleases";

/** Where the other subgraphs answer; each defaults to the registry's URL (or its SUBGRAPH_<NAME>_URL). */
export interface OrdersSubgraphUrls {
  catalogUrl?: string;
  inventoryUrl?: string;
  customerUrl?: string;
  /** How long a call to one of them may take (SubgraphClient's default, 5 s, otherwise). */
  serviceCallTimeoutMs?: number;
}

/** The other subgraphs orders works with, as the orders service: one set per process. */
export interface OrdersCollaborators {
  catalog: CatalogClient;
  inventory: InventoryClient;
  journey: JourneyClient;
  releases: StockReleases;
}

export function createCollaborators(prisma: PrismaClient, identity: ServiceIdentity, logger: Logger, urls: OrdersSubgraphUrls): OrdersCollaborators {
  const client = (subgraph: string, url: string | undefined) => new SubgraphClient(subgraph, { url, identity, timeoutMs: urls.serviceCallTimeoutMs });
  const inventory = new InventoryClient(client("inventory", urls.inventoryUrl));
  return {
    catalog: new CatalogClient(client("catalog", urls.catalogUrl)),
    inventory,
    journey: new JourneyClient(client("customer", urls.customerUrl), logger),
    releases: new StockReleases(prisma, inventory, logger),
  };
}
