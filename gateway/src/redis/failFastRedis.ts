import type { Redis } from "ioredis";
import { ioredis } from "./ioredis";

/**
 * A Redis connection for work that must never hold a client request (the cache, rate limits,
 * revoked customers): no offline queue and no command retries, so a Redis that is down fails at
 * once; a Redis that accepts connections but does not answer fails a command after 500 ms; it
 * reconnects forever, at most a second apart, so the work resumes on its own. Its `error`
 * events are swallowed: each user reports the first command that failed, once.
 */
export function failFastRedis(url: string, connectionName: string): Redis {
  const redis = new (ioredis().Redis)(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    connectionName,
  });
  redis.on("error", () => undefined);
  return redis;
}
