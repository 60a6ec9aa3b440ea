import { ContextPart } from "./gatewayContext";

/**
 * The hash of the supergraph a request is executed against (`supergraphHash`): set by the core
 * (`ServingSupergraph.plugin`) when Apollo Server starts the request with the schema it serves at
 * that moment; undefined before (interceptors ahead of Apollo read the serving one instead). What
 * is stored from an answer is keyed by it, so a reload never serves an answer of the old schema.
 * A part rather than a field of the context: Apollo Server runs a request on a shallow copy of
 * the context, whose parts are the same map.
 */
export const executedSupergraph = new ContextPart<string | undefined>("executedSupergraph", () => undefined);
