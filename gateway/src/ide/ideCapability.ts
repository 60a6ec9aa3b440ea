import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import { appendVary, requestTarget, sendJson } from "@platform/http";
import { apiKeysResource } from "../auth/authenticationCapability";
import type { CapabilityFactory } from "../capability";
import { IdeBundle, type IdeFiles } from "./ideBundle";
import { IDE_ASSETS_PATH, IDE_CONTENT_SECURITY_POLICY, type IdePageSettings, renderIdePage } from "./idePage";
import { prefersHtml } from "./prefersHtml";

/** The demo web storefront's key (README, "Development defaults"): prefilled only where the gateway's key file accepts it. */
export const DEMO_API_KEY = "dev-web-key";

const FIRST_QUERY = `# The commerce gateway's GraphQL API. The Docs panel (top left) lists what you can ask.
query Categories {
  categories {
    slug
    name
  }
}
`;

/**
 * GATEWAY_IDE: GraphiQL, served by the gateway itself, for a browser that opens `/graphql` (or
 * `/`). Its interceptor runs at the `envelope` stage, before rate limits and authentication, and
 * answers only a GET that prefers HTML (see prefersHtml); every other request goes on as before.
 * The page's files (`/ide/<version>/…`) are bundled from node_modules on the first request that
 * needs them (IdeBundle), never at start.
 */
export const ideCapability: CapabilityFactory = async ({ config, logger, shared }) => {
  if (!config.ide) return undefined;
  const apiKeys = await shared(apiKeysResource);
  const bundle = new IdeBundle({ logger });

  const page = async (): Promise<{ headers: Record<string, string>; body: string }> => {
    const version = await bundle.version();
    // Starts the build while the browser parses the page: its script request then waits less.
    bundle.files().catch(() => {});
    const settings: IdePageSettings = {
      endpoint: "graphql",
      headers: JSON.stringify({ "x-api-key": apiKeys.check(DEMO_API_KEY).ok ? DEMO_API_KEY : "" }, null, 2),
      query: FIRST_QUERY,
    };
    return {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": IDE_CONTENT_SECURITY_POLICY,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
      body: renderIdePage(version, settings),
    };
  };

  return {
    name: "ide",
    intercept: {
      stage: "envelope",
      async interceptor(exchange): Promise<HTTPGraphQLResponse> {
        if (!prefersHtml(exchange.request)) return exchange.execute();
        const { headers, body } = await page();
        return { status: 200, headers: new HeaderMap(Object.entries(headers)), body: { kind: "complete", string: body } };
      },
    },
    routes: [
      async (request, response) => {
        const pathname = requestTarget(request).pathname;
        if (pathname === "/" && prefersHtml(request)) {
          const { headers, body } = await page();
          response.writeHead(200, headers).end(body);
          return true;
        }
        if (!pathname.startsWith(IDE_ASSETS_PATH)) return false;
        await sendAsset(request, response, pathname.slice(IDE_ASSETS_PATH.length), bundle);
        return true;
      },
    ],
  };
};

/** `/ide/<version>/<file>`: a file of the current bundle (immutable, its URL names its version); anything else 404. */
async function sendAsset(request: IncomingMessage, response: ServerResponse, rest: string, bundle: IdeBundle): Promise<void> {
  const [version, name, ...extra] = rest.split("/");
  if (request.method !== "GET" && request.method !== "HEAD") return sendJson(response, 405, error("The IDE's files are read with GET", "METHOD_NOT_ALLOWED"));
  let files: IdeFiles;
  try {
    files = await bundle.files();
  } catch (failure) {
    return sendJson(response, 503, error(`The IDE could not be bundled: ${(failure as Error).message}`, "IDE_UNAVAILABLE"));
  }
  const asset = version === (await bundle.version()) && extra.length === 0 && name ? files.get(name) : undefined;
  if (!asset) return sendJson(response, 404, error(`Not found: no IDE file ${rest}`, "NOT_FOUND"));
  const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  const body = gzip ? asset.gzipped : asset.body;
  // Added to what is there (`Origin`, from CORS), not written over it.
  appendVary(response, "accept-encoding");
  response.writeHead(200, {
    "content-type": asset.contentType,
    "content-length": body.length,
    "cache-control": "public, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  response.end(request.method === "HEAD" ? undefined : body);
}

/** The gateway's error shape, as every other refusal has it. */
function error(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}
