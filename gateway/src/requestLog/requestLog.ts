import type { ApolloServerPlugin, HTTPGraphQLResponse } from "@apollo/server";
import type { GraphQLInterceptor } from "@platform/http";
import type { Logger } from "@platform/logging";
import { answerErrors, elapsedMs, loggedOperationName, requestOperationName } from "@platform/requestLog";
import { responseCacheOutcome } from "../cache";
import { ContextPart, type GatewayContext } from "../context";
import type { FetchObserver } from "../datasource";
import { requestIdPart, traceContextPart } from "../requestId";

/** What the request log gathers about one request while it runs. */
interface RequestLogRecord {
  /** The operation Apollo Server resolved (its name may be absent: an anonymous operation). */
  operation?: { name: string | undefined; type: string };
  /** Subgraphs that answered a fetch of this request over the network (entity cache answers not counted). */
  subgraphs: Set<string>;
}

const requestLogRecord = new ContextPart<RequestLogRecord>("requestLog", () => ({ subgraphs: new Set() }));

/** One request's log line (`msg: "graphql request"`). Nothing in it is personal data: no ids of people, no variables, no messages. */
export interface RequestLogLine {
  requestId: string;
  traceId?: string;
  operationName?: string;
  operationType?: string;
  channel?: string;
  store?: string;
  status: number;
  errors: number;
  errorCodes: string[];
  durationMs: number;
  subgraphs: string[];
  cache: "hit" | "miss" | "none";
}

export interface RequestLogOptions {
  logger: Logger;
  /** GATEWAY_REQUEST_LOG_SAMPLE: the share of successful requests logged (0..1); errors always are. */
  sample: number;
  /** Where the sampling draws from (tests pin it). */
  random?: () => number;
}

/** Records each subgraph that answered one of the request's fetches. */
export const recordSubgraphCalled: FetchObserver = ({ subgraph, fromEntityCache }, context) => {
  if (!fromEntityCache) requestLogRecord.of(context).subgraphs.add(subgraph);
};

/** Records the operation Apollo Server resolved (name and type) for the log line. */
export function operationRecordPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          if (operation) requestLogRecord.of(contextValue).operation = { name: operationName ?? undefined, type: operation.operation };
        },
      };
    },
  };
}

/**
 * Writes one info line per GraphQL request once it is answered, refusals included. Successful
 * requests are sampled (`sample`); a request answered with an HTTP status of 400 or more, or with
 * any GraphQL error, is always logged. An interceptor that throws is logged as status 500 (the
 * HTTP adapter answers it so) and the error thrown on.
 */
export function requestLogInterceptor({ logger, sample, random = Math.random }: RequestLogOptions): GraphQLInterceptor<GatewayContext> {
  return async (exchange) => {
    const context = await exchange.context();
    let response: HTTPGraphQLResponse;
    try {
      response = await exchange.execute();
    } catch (error) {
      logger.info(requestLogLine(context, exchange.graphql.body, 500, { errors: 1, errorCodes: ["INTERNAL_SERVER_ERROR"] }), "graphql request");
      throw error;
    }
    const status = response.status ?? 200;
    const errors = answerErrors(response);
    if (status >= 400 || errors.errors > 0 || (sample > 0 && (sample >= 1 || random() < sample))) {
      logger.info(requestLogLine(context, exchange.graphql.body, status, errors), "graphql request");
    }
    return response;
  };
}

function requestLogLine(context: GatewayContext, body: unknown, status: number, errors: { errors: number; errorCodes: string[] }): RequestLogLine {
  const record = requestLogRecord.of(context);
  const trace = traceContextPart.of(context);
  // Not resolved by Apollo Server (a refusal, a cache hit): the request's operationName, or its document's first operation's.
  const operationName = record.operation ? loggedOperationName(record.operation.name) : requestOperationName(body);
  const line: RequestLogLine = {
    requestId: requestIdPart.of(context),
    status,
    errors: errors.errors,
    errorCodes: errors.errorCodes,
    durationMs: elapsedMs(context.receivedAt),
    subgraphs: [...record.subgraphs].sort(),
    cache: responseCacheOutcome.of(context),
  };
  if (trace) line.traceId = trace.traceId;
  if (operationName) line.operationName = operationName;
  if (record.operation) line.operationType = record.operation.type;
  if (context.caller) {
    line.channel = context.caller.channel;
    if (context.caller.storeId) line.store = context.caller.storeId;
  }
  return line;
}
