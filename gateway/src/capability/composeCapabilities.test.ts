import type { IncomingMessage } from "node:http";
import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import { createLogger } from "@platform/logging";
import type { GatewayConfig } from "../config";
import { createGatewayContext, type GatewayContext } from "../context";
import type { CapabilityFactory, GatewayCapability, InterceptStage, SharedResource } from ".";
import { composeCapabilities, startCapabilities } from ".";

const setup = { config: {} as GatewayConfig, logger: createLogger("test", "silent"), supergraph: { hash: "test" } };
const answer: HTTPGraphQLResponse = { status: 200, headers: new HeaderMap(), body: { kind: "complete", string: "{}" } };

/** A capability whose interceptor notes its name on the way in. */
function noting(name: string, stage: InterceptStage, log: string[]): GatewayCapability {
  return { name, intercept: { stage, interceptor: (exchange) => (log.push(name), exchange.execute()) } };
}

/** Sends one request through the composed interceptors; Apollo notes itself in `log` too. */
async function send(capabilities: GatewayCapability[], log: string[]): Promise<void> {
  const context = createGatewayContext();
  await composeCapabilities(capabilities).interceptor!({
    request: {} as IncomingMessage,
    graphql: {} as HTTPGraphQLRequest,
    execute: async () => (log.push("apollo"), answer),
    context: async () => context,
  });
}

describe("composeCapabilities", () => {
  it("runs interceptors by stage, then in list order, Apollo last", async () => {
    const log: string[] = [];
    const list = [noting("cache", "answer", log), noting("auth", "authenticate", log), noting("revocations", "authenticate", log), noting("limits", "admit", log), noting("id", "envelope", log)];
    await send(list, log);
    expect(log).toEqual(["id", "limits", "auth", "revocations", "cache", "apollo"]);
  });

  it("has no interceptor when no capability intercepts", () => {
    expect(composeCapabilities([{ name: "quiet" }]).interceptor).toBeUndefined();
  });

  it("calls every fetch observer, in list order", () => {
    const seen: string[] = [];
    const composed = composeCapabilities([
      { name: "a", subgraphFetch: { observeFetch: () => seen.push("a") } },
      { name: "b" },
      { name: "c", subgraphFetch: { observeFetch: () => seen.push("c") } },
    ]);
    composed.subgraphFetch.observeFetch!({} as never, createGatewayContext());
    expect(seen).toEqual(["a", "c"]);
  });

  it("refuses two capabilities giving what a gateway has one of, naming both", () => {
    const by = (name: string): GatewayCapability => ({ name, subgraphFetch: { coalesceQueriesBy: () => name } });
    expect(() => composeCapabilities([by("one"), by("two")])).toThrow('Capabilities "one" and "two" each give a query coalescing: a gateway has one');
  });

  it("merges health sections of the same name", () => {
    const composed = composeCapabilities([
      { name: "cache", health: { section: "cache", report: () => ({ enabled: true }) } },
      { name: "limits", health: { section: "rateLimit", report: () => ({ enabled: false }) } },
      { name: "invalidations", health: { section: "cache", report: () => ({ backgroundInvalidations: { state: "subscribed" } }) } },
    ]);
    expect(composed.health()).toEqual({ cache: { enabled: true, backgroundInvalidations: { state: "subscribed" } }, rateLimit: { enabled: false } });
  });
});

describe("startCapabilities", () => {
  const resource = (log: string[]): SharedResource<{ id: number }> => ({
    name: "store",
    open: () => (log.push("open store"), { id: 1 }),
    close: () => void log.push("close store"),
  });

  it("opens a shared resource once for all its users, closes capabilities in reverse order, then the resource, once", async () => {
    const log: string[] = [];
    const store = resource(log);
    const user = (name: string): CapabilityFactory => async ({ shared }) => {
      const opened = await shared(store);
      return { name, health: { section: name, report: () => ({ store: opened.id }) }, close: () => void log.push(`close ${name}`) };
    };
    const composed = await startCapabilities([user("first"), () => undefined, user("second")], setup);
    expect(composed.names).toEqual(["first", "second"]);
    await Promise.all([composed.close(), composed.close()]);
    expect(log).toEqual(["open store", "close second", "close first", "close store"]);
  });

  it("closes what it built when a capability fails to build, and throws on", async () => {
    const log: string[] = [];
    const store = resource(log);
    const built: CapabilityFactory = async ({ shared }) => (await shared(store), { name: "built", close: () => void log.push("close built") });
    const failing: CapabilityFactory = () => {
      throw new Error("manifest not found");
    };
    await expect(startCapabilities([built, failing], setup)).rejects.toThrow("manifest not found");
    expect(log).toEqual(["open store", "close built", "close store"]);
  });

  it("gives each request one context that every interceptor and Apollo share", async () => {
    const contexts: GatewayContext[] = [];
    const seeing = (name: string): GatewayCapability => ({
      name,
      intercept: { stage: "check", interceptor: async (exchange) => (contexts.push(await exchange.context()), exchange.execute()) },
    });
    const composed = composeCapabilities([seeing("a"), seeing("b")]);
    const context = createGatewayContext();
    await composed.interceptor!({ request: {} as IncomingMessage, graphql: {} as HTTPGraphQLRequest, execute: async () => answer, context: async () => context });
    expect(contexts).toEqual([context, context]);
    expect(contexts[0]).toBe(contexts[1]);
  });
});
