import type { LoadQuery } from "./openLoad";

/** How the fault is made. */
export type FaultKind = "kill" | "hang" | "status503";

export interface FaultScenario {
  /** Short name used in test titles and the figures table. */
  name: string;
  /** The subgraph the fault hits. */
  faulty: string;
  fault: FaultKind;
  /** Subgraph processes to start: the faulty one and those the two queries reach. */
  subgraphs: string[];
  /** Touches the faulty subgraph and healthy ones. */
  query: string;
  /** Touches healthy subgraphs only: must stay complete throughout. */
  control: string;
  /** The part of the scenario query's data that the healthy subgraphs provide. */
  healthy(data: Record<string, any> | null | undefined): unknown;
}

/**
 * Seeded ids (prisma/seed, subgraphs/<name>/src/seed.ts): product prod-0007, customer cust-0008,
 * order order-0008 (NW-100008), store store-london-oxford-st (LON01).
 */
export const SCENARIOS = {
  /** orders SIGKILLed, then restarted on the same port and data directory. */
  ordersKilled: {
    name: "orders killed",
    faulty: "orders",
    fault: "kill",
    subgraphs: ["catalog", "customer", "orders"],
    query: `query OrdersKilled {
      customer(id: "cust-0008") { id name orders(first: 3) { totalCount edges { node { number } } } }
      product(id: "prod-0007") { id name }
    }`,
    control: `query Control { customer(id: "cust-0008") { id name email } product(id: "prod-0007") { id name brand } }`,
    healthy: (data) => ({ customer: data?.customer && { id: data.customer.id, name: data.customer.name }, product: data?.product }),
  },
  /** inventory accepts connections and never answers (behind the fault proxy). */
  inventoryHangs: {
    name: "inventory hangs",
    faulty: "inventory",
    fault: "hang",
    subgraphs: ["catalog", "inventory", "customer"],
    query: `query InventoryHangs {
      product(id: "prod-0007") { id name variants { sku availability(storeId: "store-london-oxford-st") { available } } }
      customer(id: "cust-0008") { id name }
    }`,
    control: `query Control { product(id: "prod-0007") { id name variants { sku size } } customer(id: "cust-0008") { id email } }`,
    healthy: (data) => ({
      product: data?.product && {
        id: data.product.id,
        name: data.product.name,
        skus: (data.product.variants as { sku: string }[] | undefined)?.map((variant) => variant.sku),
      },
      customer: data?.customer,
    }),
  },
  /** customer answers 503 to every request (behind the fault proxy). */
  customer503: {
    name: "customer 503",
    faulty: "customer",
    fault: "status503",
    subgraphs: ["catalog", "customer", "orders"],
    query: `query Customer503 {
      order(id: "order-0008") { id number customer { id name } }
      product(id: "prod-0007") { id name }
    }`,
    control: `query Control { order(id: "order-0008") { id number status } product(id: "prod-0007") { id brand } }`,
    healthy: (data) => ({ order: data?.order && { id: data.order.id, number: data.order.number }, product: data?.product }),
  },
} satisfies Record<string, FaultScenario>;

export function loadQueries(scenario: FaultScenario): LoadQuery[] {
  return [
    { kind: "scenario", query: scenario.query },
    { kind: "control", query: scenario.control },
  ];
}
