export { createGraphQLHttpServer, listen, close, sendJson, type HttpRoute, type GraphQLHttpServerOptions } from "./graphqlHttpServer";
export { readBody, HttpError } from "./readJsonBody";
