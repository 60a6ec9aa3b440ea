import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import type { GraphQLError } from "graphql";
import type { GraphQLInterceptor } from "@platform/http";
import { readGraphQLParams } from "./graphqlParams";
import { operationLimitExceeded } from "./limitErrors";
import type { PersistedOperations } from "./persistedOperations";

export interface OperationLimitsInterceptorOptions {
  maxDocumentBytes: number;
  persisted?: PersistedOperations;
}

/**
 * The limits that need no parsing, checked on the raw request in front of everything else (the
 * response cache, Apollo Server): persisted-operations-only mode, then the document's size.
 * Apollo Server's plugin hooks before `didResolveOperation` cannot answer 400 (a throw there is a
 * 500), so these refusals are made here; operationLimitsPlugin checks them again on what Apollo
 * resolved.
 */
export function operationLimitsInterceptor<TContext>({ maxDocumentBytes, persisted }: OperationLimitsInterceptorOptions): GraphQLInterceptor<TContext> {
  return async (exchange) => {
    for (const params of readGraphQLParams(exchange.graphql)) {
      const untrusted = persisted?.refusal(params);
      if (untrusted) return refusalResponse(untrusted);
      if (typeof params.query === "string") {
        const bytes = Buffer.byteLength(params.query, "utf8");
        if (bytes > maxDocumentBytes) return refusalResponse(operationLimitExceeded("GATEWAY_MAX_DOCUMENT_BYTES", bytes, maxDocumentBytes));
      }
    }
    return exchange.execute();
  };
}

/** A refusal as Apollo Server would answer it: its status, and the error without the `http` part. */
function refusalResponse(error: GraphQLError): HTTPGraphQLResponse {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } };
  return {
    status: http?.status ?? 400,
    headers: new HeaderMap([["content-type", "application/json; charset=utf-8"]]),
    body: { kind: "complete", string: JSON.stringify({ errors: [{ message: error.message, extensions }] }) },
  };
}
