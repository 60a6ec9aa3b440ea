import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import type { GraphQLInterceptor } from "./graphqlHttpServer";

/**
 * One interceptor made of several, run in order: each one's `execute` runs the next, the last
 * one's runs Apollo Server. An interceptor that answers by itself (a 401, a 429, a cache hit)
 * stops the chain there.
 */
export function chainInterceptors<TContext>(...interceptors: (GraphQLInterceptor<TContext> | undefined)[]): GraphQLInterceptor<TContext> | undefined {
  const present = interceptors.filter((interceptor): interceptor is GraphQLInterceptor<TContext> => interceptor !== undefined);
  if (present.length === 0) return undefined;
  return present.reduceRight<GraphQLInterceptor<TContext>>(
    (next, interceptor) => (exchange) => interceptor({ ...exchange, execute: () => next(exchange) }),
    (exchange) => exchange.execute(),
  );
}

/**
 * A GraphQL-shaped error answer that an interceptor sends without executing anything:
 * `{"errors":[{"message", "extensions":{"code"}}]}` with the status and any extra headers.
 */
export function graphqlErrorResponse(status: number, message: string, code: string, headers: Record<string, string> = {}): HTTPGraphQLResponse {
  const headerMap = new HeaderMap([["content-type", "application/json; charset=utf-8"], ...Object.entries(headers)]);
  return {
    status,
    headers: headerMap,
    body: { kind: "complete", string: JSON.stringify({ errors: [{ message, extensions: { code } }] }) },
  };
}
