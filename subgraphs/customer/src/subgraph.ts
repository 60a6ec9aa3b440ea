import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema } from "@subgraph-kit/federation";
import type { ServiceIdentity, SubgraphDefinition } from "@subgraph-kit/server";
import { SubgraphClient } from "@subgraph-kit/serviceClient";
import { TRANSACTION_OPTIONS } from "@subgraph-kit/database";
import { type CustomerContext, createCustomerContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { CustomerAddressResolver } from "./resolvers/customerAddressResolver";
import { ConsentResolver } from "./resolvers/consentResolver";
import { CustomerErasedAtResolver, CustomerPrivacyResolver } from "./resolvers/customerPrivacyResolver";
import { CustomerResolver } from "./resolvers/customerResolver";
import { JourneyResolver } from "./resolvers/journeyResolver";
import { referenceResolvers } from "./resolvers/references";
import { TouchpointResolver } from "./resolvers/touchpointResolver";
import { revokedCustomersPlugin } from "./service/erasedCustomers";
import { OrdersPrivacyClient } from "./service/ordersPrivacyClient";
import { seedCustomers } from "./seed";

/** The schema alone, with no database: `npm run compose` calls this. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<CustomerContext>(
    {
      resolvers: [CustomerResolver, CustomerAddressResolver, JourneyResolver, ConsentResolver, TouchpointResolver, CustomerPrivacyResolver, CustomerErasedAtResolver],
    },
    referenceResolvers,
  );
}

export interface CustomerSubgraphOptions {
  /**
   * Where the orders subgraph answers (erasure asks it to anonymise orders): the registry's URL
   * (or SUBGRAPH_ORDERS_URL) by default. A function is read on first use (a test stack starts
   * orders after customer).
   */
  ordersUrl?: string | (() => string | undefined);
  /** How long the call to orders may take (SubgraphClient's default, 5 s, otherwise). */
  serviceCallTimeoutMs?: number;
}

export function createCustomerSubgraph(options: CustomerSubgraphOptions = {}): SubgraphDefinition<PrismaClient, CustomerContext> {
  let orders: OrdersPrivacyClient | undefined;
  const clients = new Map<string | undefined, SubgraphClient>();
  // Made on first use, so that importing this module (as `npm run compose` does) reads no registry.
  const ordersFor = (identity: ServiceIdentity) =>
    (orders ??= new OrdersPrivacyClient(() => {
      const url = typeof options.ordersUrl === "function" ? options.ordersUrl() : options.ordersUrl;
      let client = clients.get(url);
      if (!client) clients.set(url, (client = new SubgraphClient("orders", { url, identity, timeoutMs: options.serviceCallTimeoutMs })));
      return client;
    }));

  return {
    name: "customer",
    createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }),
    createSchema: createSubgraphSchema,
    createContext: ({ prisma, caller, identity }) => createCustomerContext(prisma, caller, ordersFor(identity)),
    plugins: () => [revokedCustomersPlugin()],
    seed: seedCustomers,
  };
}

export const customerSubgraph = createCustomerSubgraph();
