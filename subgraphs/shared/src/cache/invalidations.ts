import { AsyncLocalStorage } from "node:async_hooks";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";

const collected = new AsyncLocalStorage<Set<string>>();

/** Runs one GraphQL request with its own set of invalidation tags (startSubgraph's HTTP server wraps every request in it). */
export function collectInvalidations<T>(handle: () => Promise<T>): Promise<T> {
  return collected.run(new Set(), handle);
}

/**
 * Tells the gateway which cached answers a committed change made stale: the request's response
 * carries the tags in `extensions.invalidates`. Call it after the transaction commits. Outside a
 * request there is no response to carry them, and it does nothing: background work runs in a
 * BackgroundTaskRunner (`runTask`), which collects them the same way and publishes them on Redis.
 */
export function reportInvalidation(...tags: string[]): void {
  const tagsOfRequest = collected.getStore();
  for (const tag of tags) tagsOfRequest?.add(tag);
}

/** The tags reported so far in this request, each once. */
export function collectedInvalidations(): string[] {
  return [...(collected.getStore() ?? [])];
}

/** Adds the request's tags, if any, to its response as `extensions.invalidates`. */
export function invalidationsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const tags = collectedInvalidations();
          if (tags.length === 0 || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, invalidates: tags };
        },
      };
    },
  };
}
