import type { GraphQLSchema } from "graphql";
import { requestTarget, sendJson } from "@platform/http";
import type { CapabilityFactory } from "../capability";
import { printApiSchema } from "../supergraph";

/** Where the gateway serves the client-facing schema. */
export const API_SCHEMA_PATH = "/schema/api.graphql";

/**
 * GATEWAY_SERVE_SCHEMA: `GET /schema/api.graphql` answers the API schema of the supergraph being
 * served, as SDL with descriptions (what `npm run compose` writes to schema/api.graphql), for
 * codegen and editors. It follows supergraph reloads. No key needed: it is the schema
 * introspection would give a client with one (and off in production unless turned on).
 */
export const apiSchemaCapability: CapabilityFactory = ({ config }) => {
  if (!config.serveSchema) return undefined;
  let serving: { schema: GraphQLSchema; sdl?: string } | undefined;
  return {
    name: "apiSchema",
    plugins: [
      {
        async serverWillStart() {
          return {
            schemaDidLoadOrUpdate({ apiSchema }) {
              serving = { schema: apiSchema };
            },
          };
        },
      },
    ],
    routes: [
      (request, response) => {
        if (requestTarget(request).pathname !== API_SCHEMA_PATH) return false;
        if (request.method !== "GET" && request.method !== "HEAD") {
          sendJson(response, 405, { errors: [{ message: `${API_SCHEMA_PATH} is read with GET`, extensions: { code: "METHOD_NOT_ALLOWED" } }] });
          return true;
        }
        if (!serving) {
          sendJson(response, 503, { errors: [{ message: "No supergraph is loaded yet", extensions: { code: "SCHEMA_NOT_LOADED" } }] });
          return true;
        }
        const sdl = (serving.sdl ??= printApiSchema(serving.schema));
        response.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" });
        response.end(request.method === "HEAD" ? undefined : sdl);
        return true;
      },
    ],
  };
};
