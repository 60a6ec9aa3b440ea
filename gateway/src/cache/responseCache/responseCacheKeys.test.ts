import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { ANONYMOUS_WEB } from "@platform/caller";
import { responseCacheKeys } from "./responseCacheKeys";

const post = (body: unknown): HTTPGraphQLRequest => ({ method: "POST", headers: new HeaderMap(), search: "", body });

const HASH = "a".repeat(64);

describe("responseCacheKeys", () => {
  it("keys a query by its text and variables", () => {
    const a = responseCacheKeys(post({ query: "{ __typename }", variables: { a: 1, b: 2 } }), ANONYMOUS_WEB, HASH);
    const b = responseCacheKeys(post({ query: "{ __typename }", variables: { b: 2, a: 1 } }), ANONYMOUS_WEB, HASH);
    expect(a?.public).toMatch(/^resp:[0-9a-f]{64}$/);
    expect(b?.public).toBe(a?.public);
  });

  it("keys the same request apart under another supergraph, so a reload starts an empty key space", () => {
    const request = post({ query: "{ products { id name } }" });
    const before = responseCacheKeys(request, { ...ANONYMOUS_WEB, customerId: "c1" }, HASH);
    const after = responseCacheKeys(request, { ...ANONYMOUS_WEB, customerId: "c1" }, "b".repeat(64));
    expect(after?.public).not.toBe(before?.public);
    expect(after?.private).not.toBe(before?.private);
  });

  it("does not cache (rather than throw) variables nested deeper than JSON can be serialized", () => {
    const depth = 100_000;
    const body = JSON.parse(`{"query":"{ __typename }","variables":{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}}`);
    expect(responseCacheKeys(post(body), ANONYMOUS_WEB, HASH)).toBeNull();
  });
});
