import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { ANONYMOUS_WEB } from "@platform/caller";
import { responseCacheKeys } from "./responseCacheKeys";

const post = (body: unknown): HTTPGraphQLRequest => ({ method: "POST", headers: new HeaderMap(), search: "", body });

describe("responseCacheKeys", () => {
  it("keys a query by its text and variables", () => {
    const a = responseCacheKeys(post({ query: "{ __typename }", variables: { a: 1, b: 2 } }), ANONYMOUS_WEB);
    const b = responseCacheKeys(post({ query: "{ __typename }", variables: { b: 2, a: 1 } }), ANONYMOUS_WEB);
    expect(a?.public).toMatch(/^resp:[0-9a-f]{64}$/);
    expect(b?.public).toBe(a?.public);
  });

  it("does not cache (rather than throw) variables nested deeper than JSON can be serialized", () => {
    const depth = 100_000;
    const body = JSON.parse(`{"query":"{ __typename }","variables":{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}}`);
    expect(responseCacheKeys(post(body), ANONYMOUS_WEB)).toBeNull();
  });
});
