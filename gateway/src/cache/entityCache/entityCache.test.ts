import { CacheMetrics } from "../cacheMetrics";
import { MemoryCacheStore } from "../store";
import { EntityCache } from "./entityCache";

/** The entity cache over the in-process store (the store's own contract, Redis included, is tested beside it). */
const fetch = (overrides: Partial<Parameters<EntityCache["lookup"]>[0]> = {}) => ({
  subgraph: "inventory",
  query: "query($representations: [_Any!]!, $storeId: ID!) { _entities(representations: $representations) { ... on ProductVariant { availability(storeId: $storeId) { onHand } } } }",
  representations: [
    { __typename: "ProductVariant", sku: "A" },
    { __typename: "ProductVariant", sku: "B" },
  ],
  variables: { storeId: "store-1" },
  headers: { "x-commerce-channel": "WEB" },
  supergraphHash: "a".repeat(64),
  ...overrides,
});
const entities = [{ availability: { onHand: 3 } }, { availability: { onHand: 5 } }];

async function fresh() {
  const metrics = new CacheMetrics();
  return { cache: new EntityCache(new MemoryCacheStore(), metrics, { staleWindowSeconds: 60 }), metrics };
}

async function saved(cache: EntityCache, cacheControl: string, at = fetch()) {
  const lookup = await cache.lookup(at);
  if (lookup.hit) throw new Error("expected a miss before saving");
  await cache.save(at, entities, cacheControl, lookup.sequence);
}

describe("EntityCache", () => {
  it("answers a fetch whose entities are all cached and fresh, with what is left of max-age", async () => {
    const { cache, metrics } = await fresh();
    await saved(cache, "max-age=30, public");
    expect(await cache.lookup(fetch())).toEqual({ hit: true, entities, maxAge: 30 });
    expect(metrics.snapshot().entity).toMatchObject({ hits: 2, misses: 2, stores: 2 });
  });

  it("keeps entities apart by supergraph: after a reload neither a fresh nor a stale entry of the old one is read", async () => {
    const { cache } = await fresh();
    await saved(cache, "max-age=30, public");
    const reloaded = fetch({ supergraphHash: "b".repeat(64) });
    expect((await cache.lookup(reloaded)).hit).toBe(false);
    expect(await cache.recall(reloaded)).toBeUndefined();
    expect((await cache.lookup(fetch())).hit).toBe(true);
  });

  it("misses when one entity is not cached: the fetch goes to the subgraph whole", async () => {
    const { cache } = await fresh();
    await saved(cache, "max-age=30, public");
    const wider = fetch({ representations: [...fetch().representations, { __typename: "ProductVariant", sku: "C" }] });
    expect((await cache.lookup(wider)).hit).toBe(false);
  });

  it.each([
    ["another store argument", { variables: { storeId: "store-2" } }],
    ["another channel", { headers: { "x-commerce-channel": "KIOSK" } }],
    ["another selection", { query: "query { other }" }],
    ["another subgraph", { subgraph: "catalog" }],
  ])("keeps entities apart by %s", async (_case, overrides) => {
    const { cache } = await fresh();
    await saved(cache, "max-age=30, public");
    expect((await cache.lookup(fetch(overrides))).hit).toBe(false);
  });

  it.each([["private"], ["no-store"], ["max-age=0, public"]])("does not store an answer the subgraph marked %s", async (cacheControl) => {
    const { cache } = await fresh();
    await saved(cache, cacheControl.startsWith("max") ? cacheControl : `max-age=30, ${cacheControl}`);
    expect((await cache.lookup(fetch())).hit).toBe(false);
    expect(await cache.recall(fetch())).toBeUndefined();
  });

  it("after max-age, misses but still recalls the entities to serve stale, with their age", async () => {
    const { cache } = await fresh();
    await saved(cache, "max-age=1, public");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await cache.lookup(fetch())).hit).toBe(false);
    const stale = await cache.recall(fetch());
    expect(stale?.entities).toEqual(entities);
    expect(stale!.ageMs).toBeGreaterThanOrEqual(1000);
  });

  it("is emptied by the invalidation of an entity's tag", async () => {
    const store = new MemoryCacheStore();
    const cache = new EntityCache(store, new CacheMetrics());
    await saved(cache, "max-age=30, public");
    expect(await store.invalidate(['e:ProductVariant:{"sku":"B"}'])).toBe(1);
    expect((await cache.lookup(fetch())).hit).toBe(false);
    expect((await cache.recall(fetch()))?.entities).toEqual([entities[0], null]);
  });
});
