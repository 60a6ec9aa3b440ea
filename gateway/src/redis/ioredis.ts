import type * as IoRedis from "ioredis";

/**
 * ioredis, required on first use rather than imported: a gateway without REDIS_URL never needs
 * it, and loading it costs about a tenth of a second of start-up (bench/gatewayStart.ts). Types
 * are imported as usual (`import type`), which loads nothing.
 */
export function ioredis(): typeof IoRedis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load; `import()` would make construction async
  return require("ioredis") as typeof IoRedis;
}
