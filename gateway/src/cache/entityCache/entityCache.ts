import { CallerHeader } from "@platform/caller";
import type { EntityFetch, StaleEntities, StaleEntitySource } from "../../datasource";
import { cacheKey, decodeEntry } from "../cacheKeys";
import type { CacheMetrics } from "../cacheMetrics";
import { representationTag } from "../cacheTags";
import { readCachePolicy } from "../responseCache";
import type { CacheStore } from "../store";

/** How long past its max-age an entity is kept to be served when its subgraph is unavailable. */
const DEFAULT_STALE_WINDOW_SECONDS = 300;

interface StoredEntity {
  entity: unknown;
  storedAt: number;
  maxAge: number;
}

export type EntityLookup =
  | { hit: true; entities: unknown[]; maxAge: number }
  | { hit: false; sequence: string };

/**
 * Entities of `_entities` fetches, cached one by one, so that an entity one query fetched serves
 * another query whose plan asks the same subgraph for the same selection of it. Keyed by the
 * supergraph the request runs against (an entity is shaped by that schema: its enum values, its
 * types; after a reload none of the old entries is read, stale-if-error included), subgraph, the fetch's operation (its selection) and other variables (arguments such as a store
 * id), the representation, and the caller headers an entity's fields may depend on (channel and
 * store: a price, an availability); stored only when
 * the subgraph's answer was PUBLIC and cacheable, tagged with the entity, so the invalidations
 * that drop cached responses drop these too.
 *
 * A fetch is answered from the cache only when every one of its entities is fresh; otherwise it
 * goes to the subgraph whole. Entries outlive their max-age by a stale window: a subgraph that is
 * unavailable gets its entities served stale instead (StaleEntitySource), flagged in the response.
 */
export class EntityCache implements StaleEntitySource {
  private readonly staleWindowSeconds: number;

  constructor(
    private readonly store: CacheStore,
    private readonly metrics: CacheMetrics,
    options: { staleWindowSeconds?: number } = {},
  ) {
    this.staleWindowSeconds = options.staleWindowSeconds ?? DEFAULT_STALE_WINDOW_SECONDS;
  }

  async lookup(fetch: EntityFetch): Promise<EntityLookup> {
    const { values, sequence } = await this.store.lookupEach(this.keys(fetch));
    const now = Date.now();
    const stored = values.map((value) => decodeEntry<StoredEntity>(value));
    if (stored.every((entry): entry is StoredEntity => entry !== null && now - entry.storedAt < entry.maxAge * 1000)) {
      this.metrics.count("entity", "hits", stored.length);
      const maxAge = Math.min(...stored.map((entry) => entry.maxAge - Math.floor((now - entry.storedAt) / 1000)));
      return { hit: true, entities: stored.map((entry) => entry.entity), maxAge: Math.max(0, maxAge) };
    }
    this.metrics.count("entity", "misses", stored.length);
    return { hit: false, sequence };
  }

  /** Stores what a subgraph answered, when its `cache-control` says PUBLIC with a max-age. */
  async save(fetch: EntityFetch, entities: readonly unknown[], cacheControl: string | null | undefined, sequence: string): Promise<void> {
    const policy = readCachePolicy(cacheControl ?? undefined);
    if (!policy || policy.scope !== "PUBLIC" || entities.length !== fetch.representations.length) return;
    const keys = this.keys(fetch);
    const storedAt = Date.now();
    const stored = await Promise.all(
      entities.map((entity, index) =>
        entity == null
          ? false
          : this.store.set(
              keys[index]!,
              JSON.stringify({ entity, storedAt, maxAge: policy.maxAge } satisfies StoredEntity),
              policy.maxAge + this.staleWindowSeconds,
              [representationTag(fetch.representations[index]!)],
              sequence,
            ),
      ),
    );
    this.metrics.count("entity", "stores", stored.filter(Boolean).length);
  }

  /** Saving happens on the fetch path (`save`), with the subgraph's cache-control at hand. */
  remember(): void {}

  /** Whatever is still kept, however old: the data source serves it flagged as stale. */
  async recall(fetch: EntityFetch): Promise<StaleEntities | undefined> {
    const { values } = await this.store.lookupEach(this.keys(fetch));
    const stored = values.map((value) => decodeEntry<StoredEntity>(value));
    if (stored.every((entry) => entry === null)) return undefined;
    const now = Date.now();
    const oldest = Math.min(...stored.flatMap((entry) => (entry ? [entry.storedAt] : [])));
    return { entities: stored.map((entry) => (entry ? (entry.entity as Record<string, unknown>) : null)), ageMs: now - oldest };
  }

  private keys(fetch: EntityFetch): string[] {
    const headers = fetch.headers ?? {};
    const shared = [fetch.supergraphHash ?? null, fetch.subgraph, fetch.query, fetch.variables ?? {}, headers[CallerHeader.channel] ?? null, headers[CallerHeader.store] ?? null];
    return fetch.representations.map((representation) => cacheKey("ent", [...shared, representation]));
  }
}

