import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import { chainInterceptors, type GraphQLInterceptor, type HttpRoute } from "@platform/http";
import type { GatewayContext } from "../context";
import { allSubgraphEvents, type FetchObserver } from "../datasource";
import { type CapabilityFactory, type CapabilitySetup, type GatewayCapability, INTERCEPT_STAGES, type SharedResource, type SubgraphFetchHooks } from "./capability";

/** A list of capabilities joined into what the core wires into the HTTP server, Apollo Server and the data sources. */
export interface ComposedCapabilities {
  readonly names: readonly string[];
  /** Every interceptor, by stage, then in list order. */
  readonly interceptor: GraphQLInterceptor<GatewayContext> | undefined;
  /** Every capability's `decorate`, in list order. */
  readonly decorate: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
  /** Every capability's routes, in list order. */
  readonly routes: HttpRoute[];
  readonly subgraphFetch: SubgraphFetchHooks;
  readonly persistedQueries: GatewayCapability["persistedQueries"];
  /** The `/health` sections, each the merge of what its capabilities report. */
  health(): Record<string, Record<string, unknown>>;
  /** Closes the capabilities in reverse order, then the shared resources. */
  close(): Promise<void>;
}

/**
 * Builds each capability of the list in order (a factory may return nothing: its concern is off)
 * and joins them. When one fails to build, what was already built is closed before the error
 * is thrown on.
 */
export async function startCapabilities(factories: readonly CapabilityFactory[], setup: Omit<CapabilitySetup, "shared">): Promise<ComposedCapabilities> {
  const resources = new SharedResources(setup);
  const capabilities: GatewayCapability[] = [];
  try {
    for (const factory of factories) {
      const capability = await factory({ ...setup, shared: (resource) => resources.get(resource) });
      if (capability) capabilities.push(capability);
    }
    return composeCapabilities(capabilities, () => resources.close());
  } catch (error) {
    await closeAll(capabilities);
    await resources.close();
    throw error;
  }
}

/** Joins built capabilities (exported for tests that build their own). */
export function composeCapabilities(capabilities: readonly GatewayCapability[], closeShared: () => Promise<void> = async () => {}): ComposedCapabilities {
  const intercepting = INTERCEPT_STAGES.flatMap((stage) => capabilities.filter((capability) => capability.intercept?.stage === stage));
  const decorators = capabilities.map((capability) => capability.decorate).filter((decorate) => decorate !== undefined);
  const headerSources = capabilities.map((capability) => capability.subgraphFetch?.headers).filter((headers) => headers !== undefined);
  const observers = capabilities.map((capability) => capability.subgraphFetch?.observeFetch).filter((observer): observer is FetchObserver => observer !== undefined);
  let closed: Promise<void> | undefined;
  return {
    names: capabilities.map((capability) => capability.name),
    interceptor: chainInterceptors(...intercepting.map((capability) => capability.intercept!.interceptor)),
    decorate: decorators.length === 0 ? undefined : (request, response) => decorators.forEach((decorate) => decorate(request, response)),
    plugins: capabilities.flatMap((capability) => capability.plugins ?? []),
    routes: capabilities.flatMap((capability) => capability.routes ?? []),
    subgraphFetch: {
      observeFetch: observers.length === 0 ? undefined : (fetch, context) => observers.forEach((observe) => observe(fetch, context)),
      entityCache: onlyOne(capabilities, "entity cache", (capability) => capability.subgraphFetch?.entityCache),
      staleEntities: onlyOne(capabilities, "stale entity source", (capability) => capability.subgraphFetch?.staleEntities),
      coalesceQueriesBy: onlyOne(capabilities, "query coalescing", (capability) => capability.subgraphFetch?.coalesceQueriesBy),
      headers: headerSources.length === 0 ? undefined : headerSources.length === 1 ? headerSources[0] : (context) => Object.assign({}, ...headerSources.map((headers) => headers(context))) as Record<string, string>,
      events: allSubgraphEvents(capabilities.flatMap((capability) => (capability.subgraphFetch?.events ? [capability.subgraphFetch.events] : []))),
    },
    persistedQueries: onlyOne(capabilities, "persisted-query store", (capability) => capability.persistedQueries),
    health() {
      const sections: Record<string, Record<string, unknown>> = {};
      for (const { health } of capabilities) if (health) sections[health.section] = { ...sections[health.section], ...health.report() };
      return sections;
    },
    close() {
      closed ??= closeAll(capabilities).then(closeShared);
      return closed;
    },
  };
}

function onlyOne<T>(capabilities: readonly GatewayCapability[], what: string, pick: (capability: GatewayCapability) => T | undefined): T | undefined {
  const giving = capabilities.filter((capability) => pick(capability) !== undefined);
  if (giving.length > 1) throw new Error(`Capabilities ${giving.map((capability) => `"${capability.name}"`).join(" and ")} each give a ${what}: a gateway has one`);
  return giving[0] && pick(giving[0]);
}

async function closeAll(capabilities: readonly GatewayCapability[]): Promise<void> {
  for (const capability of [...capabilities].reverse()) await capability.close?.();
}

/** The shared resources of one gateway, opened on first use, closed in reverse order of opening. */
class SharedResources {
  private readonly opened = new Map<SharedResource<unknown>, Promise<unknown>>();

  constructor(private readonly setup: Omit<CapabilitySetup, "shared">) {}

  get<T>(resource: SharedResource<T>): Promise<T> {
    let value = this.opened.get(resource) as Promise<T> | undefined; // only this method writes under this key, always a Promise<T>
    if (!value) {
      value = Promise.resolve(resource.open(this.setup));
      this.opened.set(resource, value);
    }
    return value;
  }

  async close(): Promise<void> {
    const opened = [...this.opened].reverse();
    this.opened.clear();
    for (const [resource, value] of opened) {
      const open = await value.catch(() => undefined);
      if (open !== undefined) await resource.close?.(open);
    }
  }
}
