/**
 * The Redis pub/sub channel on which work done outside a gateway request (the orders subgraph's
 * release sweeper, ...) announces the invalidation tags it reported; every gateway with a Redis
 * cache listens on it. Beside `commerce:events`, and like it one name per deployment: the
 * subgraphs do not know the gateways' key prefix, and an extra invalidation only costs a miss.
 */
export const INVALIDATIONS_CHANNEL = "commerce:invalidations";

/** One message on INVALIDATIONS_CHANNEL (JSON). */
export interface InvalidationMessage {
  /** The subgraph whose background work made these tags stale. */
  source: string;
  /** Tags as `reportInvalidation` takes them (`e:<typename>:<key>`, `r:<subgraph>`), each once. */
  tags: string[];
  publishedAt: string;
}

/** The message, or undefined when `raw` is not one (a gateway ignores what it cannot read). */
export function parseInvalidationMessage(raw: string): InvalidationMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  const { source, tags, publishedAt } = value as Record<string, unknown>;
  if (!Array.isArray(tags) || !tags.every((tag): tag is string => typeof tag === "string")) return undefined;
  return { source: typeof source === "string" ? source : "unknown", tags, publishedAt: typeof publishedAt === "string" ? publishedAt : "" };
}
