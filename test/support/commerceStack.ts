import path from "node:path";
import type { GatewayConfig } from "../../gateway/src/config";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { createInventorySubgraph } from "../../subgraphs/inventory/src/subgraph";
import { catalogSubgraph } from "../../subgraphs/catalog/src/subgraph";
import { createCustomerSubgraph } from "../../subgraphs/customer/src/subgraph";
import type { OrdersSettings } from "../../subgraphs/orders/src/settings";
import { createOrdersSubgraph } from "../../subgraphs/orders/src/subgraph";
import { loadSubgraphRegistry, REPO_ROOT } from "@platform/registry";
import { testGatewayConfig } from "../gateway/support/gatewayConfig";
import { clientCredentials, TestApiKeys } from "./callers";
import { type GraphQLResponse, postGraphQL } from "./graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "./startTestSubgraph";

type AnySubgraph = TestSubgraph<any>;

export interface CommerceStack {
  gatewayUrl: string;
  catalog: AnySubgraph;
  inventory: AnySubgraph;
  customer: AnySubgraph;
  orders: AnySubgraph;
  /** An operation through the gateway as the client app and person `headers` describe (see `as`): sent with their key and token. */
  query<TData = any>(document: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<TData>>;
  /**
   * Another gateway in front of the same subgraphs (e.g. a second instance sharing a Redis cache,
   * or one with other settings); stopped with the stack.
   */
  addGateway(cache: GatewayConfig["cache"], settings?: Partial<GatewayConfig>): Promise<{ url: string; query: CommerceStack["query"] }>;
  stop(): Promise<void>;
}

export interface CommerceStackOptions {
  /** The first gateway's cache (off by default: the commerce suites assert what reaches the subgraphs). */
  cache?: GatewayConfig["cache"];
  /** The Redis the subgraphs publish events and background invalidations to (TEST_REDIS_URL by default). */
  subgraphRedisUrl?: string;
  /** Orders settings over the stack's own (e.g. a short checkout lease for the recovery suite). */
  orders?: Partial<OrdersSettings>;
}

/**
 * The four subgraphs, seeded, each over its own fresh database (PostgreSQL when
 * TEST_DATABASE_URL is set, PGlite otherwise) and wired to each other by URL, behind an
 * in-process gateway serving the committed supergraph: every hop is real HTTP on 127.0.0.1.
 *
 * Everything here shares one event loop (and the test's), where `npm start` gives each its own
 * process: under a burst of 200 checkouts a call waits seconds for the loop, not for the work.
 * So the timeouts are raised (ONE_EVENT_LOOP_TIMEOUT_MS) and these suites assert what happens,
 * never how fast; the committed registry's breakers and retries are kept.
 */
export async function startCommerceStack(options: CommerceStackOptions = {}): Promise<CommerceStack> {
  const keys = new TestApiKeys();
  const started: { stop(): Promise<void> }[] = [{ stop: async () => keys.dispose() }];
  try {
    const subgraphOptions = { redisUrl: options.subgraphRedisUrl };
    const catalog = await startTestSubgraph(catalogSubgraph, subgraphOptions);
    started.push(catalog);
    // Customer calls orders (erasure) and orders calls customer: customer reads orders' URL on first use.
    let ordersUrl: string | undefined;
    const customer = await startTestSubgraph(
      createCustomerSubgraph({ ordersUrl: () => ordersUrl, serviceCallTimeoutMs: ONE_EVENT_LOOP_TIMEOUT_MS }),
      subgraphOptions,
    );
    started.push(customer);
    const inventory = await startTestSubgraph(createInventorySubgraph({ catalogUrl: catalog.url }), subgraphOptions);
    started.push(inventory);
    const orders = await startTestSubgraph(
      createOrdersSubgraph({
        catalogUrl: catalog.url,
        inventoryUrl: inventory.url,
        customerUrl: customer.url,
        releaseSweepIntervalMs: 200,
        serviceCallTimeoutMs: ONE_EVENT_LOOP_TIMEOUT_MS,
        checkoutLeaseMs: 2 * ONE_EVENT_LOOP_TIMEOUT_MS + 5_000,
        ...options.orders,
      }),
      subgraphOptions,
    );
    started.push(orders);
    ordersUrl = orders.url;
    const gatewayConfig = (cache: GatewayConfig["cache"], settings: Partial<GatewayConfig> = {}) =>
      testGatewayConfig({
        supergraphPath: path.join(REPO_ROOT, "schema/supergraph.graphql"),
        subgraphUrlOverrides: { catalog: catalog.url, inventory: inventory.url, customer: customer.url, orders: orders.url },
        subgraphResilience: patientResilience(),
        requestDeadlineMs: ONE_EVENT_LOOP_TIMEOUT_MS + 5_000,
        cache,
        auth: { ...testGatewayConfig({ supergraphPath: "" }).auth, apiKeysPath: keys.path },
        ...settings,
      });
    const gateway: RunningGateway = await startGateway(gatewayConfig(options.cache ?? { enabled: false, redisUrl: undefined }));
    started.push(gateway);
    return {
      gatewayUrl: gateway.url,
      catalog,
      inventory,
      customer,
      orders,
      query: async (document, variables, headers) => postGraphQL(gateway.url, document, variables, await clientCredentials(headers, keys)),
      async addGateway(cache, settings) {
        const another = await startGateway(gatewayConfig(cache, settings));
        started.push(another);
        return { url: another.url, query: async (document, variables, headers) => postGraphQL(another.url, document, variables, await clientCredentials(headers, keys)) };
      },
      async stop() {
        for (const part of started.reverse()) await part.stop();
      },
    };
  } catch (error) {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    throw error;
  }
}

const ONE_EVENT_LOOP_TIMEOUT_MS = 30_000;

/** The committed registry's resilience blocks, every subgraph's timeout raised to ONE_EVENT_LOOP_TIMEOUT_MS. */
function patientResilience() {
  return Object.fromEntries(
    loadSubgraphRegistry().map((entry) => [entry.name, { ...entry.resilience, timeoutMs: ONE_EVENT_LOOP_TIMEOUT_MS }]),
  );
}

export { as } from "./callers";
