import type * as IoRedis from "ioredis";

/**
 * ioredis, required on first use rather than imported (as the gateway's `redis/ioredis.ts`): a
 * subgraph without REDIS_URL never loads it, and one with it loads it after `startTracing` has
 * set up the ioredis instrumentation, which patches the module as it is required.
 */
export function ioredis(): typeof IoRedis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load; `import()` would make construction async
  return require("ioredis") as typeof IoRedis;
}
