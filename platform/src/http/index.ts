export {
  appendVary,
  close,
  createGraphQLHttpServer,
  type GraphQLExchange,
  type GraphQLHttpServerOptions,
  type GraphQLInterceptor,
  type HttpRoute,
  listen,
  sendJson,
} from "./graphqlHttpServer";
export { readBody, HttpError } from "./readJsonBody";
export { admitBearer, type BearerGuard, presentsBearerToken } from "./bearerToken";
export { requestTarget, type RequestTarget } from "./requestTarget";
export { chainInterceptors, graphqlErrorResponse } from "./interceptors";
export {
  applyHttpServerLimits,
  connectionsCheckingIntervalMs,
  GATEWAY_HTTP_LIMITS,
  type HttpServerCounts,
  type HttpServerLimits,
  type HttpServerReport,
  httpServerReport,
  KEEP_ALIVE_MARGIN_MS,
  POOLED_IDLE_TIMEOUT_MS,
  SUBGRAPH_HTTP_LIMITS,
  validateHttpServerLimits,
} from "./serverLimits";
