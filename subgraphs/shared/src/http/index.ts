export {
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
export { chainInterceptors, graphqlErrorResponse } from "./interceptors";
