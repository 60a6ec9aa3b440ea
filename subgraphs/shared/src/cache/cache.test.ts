import { setTimeout as sleep } from "node:timers/promises";
import { CacheHint, cacheControlDirective, defineCacheHints, collectedInvalidations, collectInvalidations, reportInvalidation } from ".";
import { entityTag, rootTag } from "@platform/invalidation";

describe("invalidation tags", () => {
  it("name an entity by its typename and the canonical JSON of its key, keys sorted at every depth", () => {
    expect(entityTag("ProductVariant", { sku: "NW-0002-SND-34" })).toBe('e:ProductVariant:{"sku":"NW-0002-SND-34"}');
    expect(entityTag("Stock", { storeId: "s1", sku: "A" })).toBe(entityTag("Stock", { sku: "A", storeId: "s1" }));
    expect(entityTag("Line", { order: { number: "N-1", id: "o1" }, n: 1 })).toBe('e:Line:{"n":1,"order":{"id":"o1","number":"N-1"}}');
  });

  it("name a subgraph's root fields", () => {
    expect(rootTag("inventory")).toBe("r:inventory");
  });
});

describe("the per-request collector", () => {
  it("keeps each request's tags apart, across awaits, de-duplicated", async () => {
    const request = (tag: string) =>
      collectInvalidations(async () => {
        reportInvalidation(tag);
        await sleep(5);
        reportInvalidation(tag, "r:shared");
        return collectedInvalidations();
      });
    expect(await Promise.all([request("a"), request("b")])).toEqual([
      ["a", "r:shared"],
      ["b", "r:shared"],
    ]);
  });

  it("ignores a report made outside any request (background work has no response to carry it)", () => {
    reportInvalidation("r:orders");
    expect(collectedInvalidations()).toEqual([]);
  });
});

describe("cache hints", () => {
  it("print as the directive Apollo reads", () => {
    const hints = defineCacheHints({ product: { maxAge: 300 }, customer: { maxAge: 60, scope: "PRIVATE" } });
    expect(cacheControlDirective(hints.product)).toBe("@cacheControl(maxAge: 300)");
    expect(cacheControlDirective(hints.customer)).toBe("@cacheControl(maxAge: 60, scope: PRIVATE)");
    expect(cacheControlDirective(hints.inherit)).toBe("@cacheControl(inheritMaxAge: true)");
    expect(cacheControlDirective(CacheHint.none)).toBe("@cacheControl(maxAge: 0)");
  });
});
