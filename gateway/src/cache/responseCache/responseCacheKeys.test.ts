import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { ANONYMOUS_WEB, Channel } from "@platform/caller";
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

  it("keys a private answer by the caller's identity on top of the public key", () => {
    const request = post({ query: "{ customer { id } }" });
    const alice = responseCacheKeys(request, { ...ANONYMOUS_WEB, customerId: "alice" }, HASH);
    const bob = responseCacheKeys(request, { ...ANONYMOUS_WEB, customerId: "bob" }, HASH);
    expect(alice?.public).toBe(bob?.public);
    expect(alice?.private).toBe(`${alice?.public}:customer:alice`);
    expect(bob?.private).not.toBe(alice?.private);
    expect(responseCacheKeys(request, ANONYMOUS_WEB, HASH)?.private).toBeUndefined();
  });

  it("keys the same query apart by channel, store, operation name and variables", () => {
    const base = { query: "query A { __typename } query B { __typename }", operationName: "A", variables: { first: 1 } };
    const keys = [
      responseCacheKeys(post(base), ANONYMOUS_WEB, HASH),
      responseCacheKeys(post(base), { ...ANONYMOUS_WEB, channel: Channel.MOBILE }, HASH),
      responseCacheKeys(post(base), { ...ANONYMOUS_WEB, storeId: "s1" }, HASH),
      responseCacheKeys(post({ ...base, operationName: "B" }), ANONYMOUS_WEB, HASH),
      responseCacheKeys(post({ ...base, variables: { first: 2 } }), ANONYMOUS_WEB, HASH),
    ].map((key) => key?.public);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
