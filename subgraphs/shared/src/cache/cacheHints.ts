import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { Directive } from "type-graphql";

/**
 * `@cacheControl` as Apollo Server's cache control plugin reads it. buildFederatedSchema adds
 * these definitions to every subgraph, so type-graphql classes can carry the directive.
 */
export const CACHE_CONTROL_SDL = /* GraphQL */ `
enum CacheControlScope @inaccessible { PUBLIC PRIVATE }

directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

export type CacheHintValue = { maxAge: number; scope?: "PUBLIC" | "PRIVATE" } | { inheritMaxAge: true };

/**
 * The hints every subgraph shares; each domain adds its own with defineCacheHints (in seconds).
 * A field or type without one is not cacheable (maxAge 0): Apollo's default for root fields and
 * for fields returning object types.
 */
export const CacheHint = {
  /** Never cached (carts, the stock trail). */
  none: { maxAge: 0 },
  /**
   * Value types (Money, PageInfo, connections, key-only references to other subgraphs'
   * entities): as cacheable as the field they hang off, rather than Apollo's default of 0.
   */
  inherit: { inheritMaxAge: true },
} as const satisfies Record<string, CacheHintValue>;

/**
 * A domain's cache hints, with the shared ones: `export const CacheHint = defineCacheHints({ product: { maxAge: 300 } })`
 * in the domain's cacheHints.ts. Whatever depends on who calls is PRIVATE or 0.
 */
export function defineCacheHints<const T extends Record<string, CacheHintValue>>(domainHints: T): typeof CacheHint & T {
  return { ...CacheHint, ...domainHints };
}

/** `@cacheControl(...)` for a type or field: `@CacheControl(CacheHint.product)`. */
export function CacheControl(hint: CacheHintValue): ReturnType<typeof Directive> {
  return Directive(cacheControlDirective(hint));
}

export function cacheControlDirective(hint: CacheHintValue): string {
  if ("inheritMaxAge" in hint) return "@cacheControl(inheritMaxAge: true)";
  return `@cacheControl(maxAge: ${hint.maxAge}${hint.scope ? `, scope: ${hint.scope}` : ""})`;
}

/** Only queries may be cached: a mutation's answer is never reused, whatever the hints of the types it returns. */
export function uncacheableMutationsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, overallCachePolicy }) {
          if (operation?.operation !== "query") overallCachePolicy.restrict({ maxAge: 0 });
        },
      };
    },
  };
}
