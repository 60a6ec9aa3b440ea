import { AsyncLocalStorage } from "node:async_hooks";
import type { ApolloServerPlugin, BaseContext, HTTPGraphQLResponse } from "@apollo/server";
import type { RequestCaller } from "@platform/caller";
import type { GraphQLExchange } from "@platform/http";
import type { Logger } from "@platform/logging";
import { answerErrors, elapsedMs, loggedOperationName, requestOperationName, readRequestId, readTraceparent, REQUEST_ID_HEADER, TRACEPARENT_HEADER, type TraceContext } from "@platform/requestLog";

/** What the operation log gathers about one request while it runs (in an AsyncLocalStorage: the domain's context type is its own). */
interface OperationRecord {
  requestId: string | undefined;
  trace: TraceContext | undefined;
  /** The verified caller, once the context is made (absent when the signature did not verify). */
  caller?: RequestCaller;
  operation?: { name: string | undefined; type: string };
}

const current = new AsyncLocalStorage<OperationRecord>();

/** One operation's log line (`msg: "graphql operation"`): no ids of people, no variables, no messages. */
export interface OperationLogLine {
  requestId?: string;
  traceId?: string;
  operationName?: string;
  operationType?: string;
  channel?: string;
  store?: string;
  /** The calling subgraph, for a service call; absent when the gateway relays a client. */
  caller?: string;
  status: number;
  errors: number;
  errorCodes: string[];
  durationMs: number;
}

/**
 * Runs one GraphQL request of a subgraph (`execute`) and writes its info line once answered,
 * refusals (an unsigned request's 401) included: the request id (`x-request-id`) and trace id
 * (`traceparent`) it came with, when well-formed, the operation, the verified caller's channel
 * and store, the status, the error codes and the duration.
 */
export async function logOperation(exchange: GraphQLExchange<unknown>, logger: Logger, execute: () => Promise<HTTPGraphQLResponse>): Promise<HTTPGraphQLResponse> {
  const startedAt = performance.now();
  const record: OperationRecord = { requestId: readRequestId(exchange.request.headers[REQUEST_ID_HEADER]), trace: readTraceparent(exchange.request.headers[TRACEPARENT_HEADER]) };
  let response: HTTPGraphQLResponse;
  try {
    response = await current.run(record, execute);
  } catch (error) {
    logger.info(operationLogLine(record, exchange.graphql.body, 500, { errors: 1, errorCodes: ["INTERNAL_SERVER_ERROR"] }, startedAt), "graphql operation");
    throw error;
  }
  logger.info(operationLogLine(record, exchange.graphql.body, response.status ?? 200, answerErrors(response), startedAt), "graphql operation");
  return response;
}

/** Records the verified caller of the operation being served (the bootstrap calls it as it makes the context). */
export function recordCaller(caller: RequestCaller): void {
  const record = current.getStore();
  if (record) record.caller = caller;
}

/** Records the operation Apollo Server resolved (name and type) for the log line. */
export function operationRecordPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation }) {
          const record = current.getStore();
          if (record && operation) record.operation = { name: operationName ?? undefined, type: operation.operation };
        },
      };
    },
  };
}

/**
 * The correlation headers of the request being served (`x-request-id`, `traceparent`), for a
 * service call it makes to another subgraph; none outside a request (background work).
 */
export function correlationHeaders(): Record<string, string> {
  const record = current.getStore();
  if (!record) return {};
  const headers: Record<string, string> = {};
  if (record.requestId) headers[REQUEST_ID_HEADER] = record.requestId;
  if (record.trace) headers[TRACEPARENT_HEADER] = record.trace.traceparent;
  return headers;
}

function operationLogLine(record: OperationRecord, body: unknown, status: number, errors: { errors: number; errorCodes: string[] }, startedAt: number): OperationLogLine {
  const line: OperationLogLine = { status, errors: errors.errors, errorCodes: errors.errorCodes, durationMs: elapsedMs(startedAt) };
  if (record.requestId) line.requestId = record.requestId;
  if (record.trace) line.traceId = record.trace.traceId;
  const operationName = record.operation ? loggedOperationName(record.operation.name) : requestOperationName(body);
  if (operationName) line.operationName = operationName;
  if (record.operation) line.operationType = record.operation.type;
  if (record.caller) {
    line.channel = record.caller.channel;
    if (record.caller.storeId) line.store = record.caller.storeId;
    if (record.caller.service) line.caller = record.caller.service;
  }
  return line;
}
