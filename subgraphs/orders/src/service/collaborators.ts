import type { Logger } from "@platform/logging";
import { type DomainMetrics, type ServiceIdentity, SubgraphClient } from "@subgraph-kit";
import type { PrismaClient } from "../generated/prisma/client";
import type { OrdersSettings } from "../settings";
import { CatalogClient } from "./catalogClient";
import { CheckoutAttempts } from "./checkoutAttempts";
import { InventoryClient } from "./inventoryClient";
import { JourneyClient } from "./journeyClient";
import { createOrdersMetrics, type OrdersMetrics } from "./ordersMetrics";
import { ReservationReconciler } from "./reservationReconciler";
import { StockReleases } from "./stockReleases";

/** Where the other subgraphs answer; each defaults to the registry's URL (or its SUBGRAPH_<NAME>_URL). */
export interface OrdersSubgraphUrls {
  catalogUrl?: string;
  inventoryUrl?: string;
  customerUrl?: string;
}

/** The other subgraphs orders works with, as the orders service, and the saga's durable parts: one set per process. */
export interface OrdersCollaborators {
  catalog: CatalogClient;
  inventory: InventoryClient;
  journey: JourneyClient;
  releases: StockReleases;
  attempts: CheckoutAttempts;
  reconciler: ReservationReconciler;
  metrics: OrdersMetrics;
}

export function createCollaborators(
  prisma: PrismaClient,
  identity: ServiceIdentity,
  logger: Logger,
  urls: OrdersSubgraphUrls,
  settings: OrdersSettings,
  domainMetrics: DomainMetrics,
): OrdersCollaborators {
  const client = (subgraph: string, url: string | undefined) => new SubgraphClient(subgraph, { url, identity, timeoutMs: settings.serviceCallTimeoutMs });
  const inventory = new InventoryClient(client("inventory", urls.inventoryUrl));
  const releases = new StockReleases(prisma, inventory, logger);
  const metrics = createOrdersMetrics(domainMetrics, () => releases.pendingCount());
  const attempts = new CheckoutAttempts(prisma, releases, settings.checkoutLeaseMs, logger, metrics);
  return {
    catalog: new CatalogClient(client("catalog", urls.catalogUrl)),
    inventory,
    journey: new JourneyClient(client("customer", urls.customerUrl), logger),
    releases,
    attempts,
    reconciler: new ReservationReconciler(prisma, inventory, attempts, releases, logger),
    metrics,
  };
}
