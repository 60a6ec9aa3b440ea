import type * as Jose from "jose";

/**
 * jose, required when a token is first verified or signed rather than imported: a gateway
 * serving anonymous requests never needs it, and loading it costs tens of milliseconds of
 * start-up (bench/gatewayStart.ts). Types are imported as usual (`import type`), which loads nothing.
 */
export function jose(): typeof Jose {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load, synchronous like the import it replaces
  return require("jose") as typeof Jose;
}
