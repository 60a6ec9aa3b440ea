import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import type { IncomingMessage } from "node:http";
import type { GraphQLExchange, GraphQLInterceptor } from "./graphqlHttpServer";
import { chainInterceptors, graphqlErrorResponse } from "./interceptors";

const executed: HTTPGraphQLResponse = { status: 200, headers: new HeaderMap(), body: { kind: "complete", string: "{}" } };

function exchange(log: string[]): GraphQLExchange<unknown> {
  return {
    request: {} as IncomingMessage,
    graphql: { method: "POST", headers: new HeaderMap(), search: "", body: {} } as HTTPGraphQLRequest,
    execute: async () => {
      log.push("apollo");
      return executed;
    },
    context: async () => undefined,
  };
}

const named =
  (name: string, log: string[]): GraphQLInterceptor<unknown> =>
  async ({ execute }) => {
    log.push(`${name} in`);
    const response = await execute();
    log.push(`${name} out`);
    return response;
  };

describe("chainInterceptors", () => {
  it("runs interceptors in order around execution, skipping absent ones", async () => {
    const log: string[] = [];
    const chain = chainInterceptors(named("a", log), undefined, named("b", log))!;
    await expect(chain(exchange(log))).resolves.toBe(executed);
    expect(log).toEqual(["a in", "b in", "apollo", "b out", "a out"]);
  });

  it("stops at an interceptor that answers by itself", async () => {
    const log: string[] = [];
    const refuse: GraphQLInterceptor<unknown> = async () => graphqlErrorResponse(401, "no key", "UNAUTHENTICATED");
    const chain = chainInterceptors(named("a", log), refuse, named("b", log))!;
    const response = await chain(exchange(log));
    expect(response.status).toBe(401);
    expect(log).toEqual(["a in", "a out"]);
  });

  it("is undefined when there is nothing to chain", () => {
    expect(chainInterceptors(undefined)).toBeUndefined();
  });
});

describe("graphqlErrorResponse", () => {
  it("is a GraphQL error body with the code, the status and extra headers", () => {
    const response = graphqlErrorResponse(429, "slow down", "RATE_LIMITED", { "retry-after": "3" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(JSON.parse((response.body as { string: string }).string)).toEqual({ errors: [{ message: "slow down", extensions: { code: "RATE_LIMITED" } }] });
  });
});
