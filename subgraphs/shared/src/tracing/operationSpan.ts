import type { ApolloServerPlugin, BaseContext, HTTPGraphQLResponse } from "@apollo/server";
import { SpanStatusCode } from "@opentelemetry/api";
import type { GraphQLExchange } from "@platform/http";
import { operationSpanNamePlugin, withServerSpan } from "@platform/tracing";

/**
 * Runs one GraphQL request of a subgraph in a SERVER span (`graphql.operation`, renamed
 * `graphql.operation <name>` once resolved) continuing the `traceparent` it came with: the
 * gateway's `gateway.fetch` span, or the calling subgraph's service-call span. Prisma's spans
 * (its operations and SQL) and ioredis' are made inside it, through the active context. Without
 * tracing, just `execute()`.
 */
export function traceOperation(exchange: GraphQLExchange<unknown>, execute: () => Promise<HTTPGraphQLResponse>): Promise<HTTPGraphQLResponse> {
  return withServerSpan("graphql.operation", exchange.request.headers, { "http.request.method": exchange.request.method ?? "GET", "url.path": "/graphql" }, async (span) => {
    const response = await execute();
    const status = response.status ?? 200;
    span?.setAttribute("http.response.status_code", status);
    if (status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  });
}

/** Names the operation's span `graphql.operation <name>` (`graphql.operation <type>` without a name) once Apollo Server resolved the operation. */
export function operationSpanPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return operationSpanNamePlugin<TContext>((type, name) => (name ? `graphql.operation ${name}` : `graphql.operation ${type}`));
}
