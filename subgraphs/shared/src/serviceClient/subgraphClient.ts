import { Agent } from "undici";
import { reportInvalidation } from "../cache";
import { correlationHeaders } from "../operationLog";
import { POOLED_IDLE_TIMEOUT_MS } from "@platform/http";
import { ANONYMOUS_WEB, type CallerIdentity, signedCallerHeaders } from "@platform/caller";
import { ErrorCode } from "@platform/errors";
import { GraphQLError } from "graphql";
import { findSubgraph, subgraphUrl } from "@platform/registry";
import { traceHeaders, withClientSpan } from "@platform/tracing";

export interface SubgraphClientOptions {
  /** Defaults to the registry's URL for the subgraph (SUBGRAPH_<NAME>_URL overrides it). */
  url?: string;
  timeoutMs?: number;
  /** Who is calling: the calling subgraph's name and the deployment's service secret. */
  identity?: { service: string; secret: string };
}

let agent: Agent | undefined;

/**
 * The keep-alive connections of every SubgraphClient of the process, per origin: undici's
 * `request`, as the gateway's transport, rather than `fetch`, whose WHATWG Request, Response,
 * web streams and AbortSignal.timeout cost more CPU per call than the rest of it. An idle
 * connection is dropped after POOLED_IDLE_TIMEOUT_MS, before the called subgraph's keep-alive
 * timeout closes it (a server's hint may shorten that, never lengthen it).
 */
function serviceCallAgent(): Agent {
  return (agent ??= new Agent({ keepAliveTimeout: POOLED_IDLE_TIMEOUT_MS, keepAliveMaxTimeout: POOLED_IDLE_TIMEOUT_MS }));
}

/**
 * A service call from one subgraph to another, for what federation cannot express (a lookup
 * inside a resolver). Any failure to get an answer is SUBGRAPH_UNAVAILABLE naming the
 * subgraph; GraphQL errors in the answer are passed on with their own codes.
 */
export class SubgraphClient {
  private readonly url: string;
  private readonly target: { origin: string; path: string };
  private readonly timeoutMs: number;
  private readonly identity: { service: string; secret: string } | undefined;

  constructor(
    readonly subgraph: string,
    options: SubgraphClientOptions = {},
  ) {
    this.url = options.url ?? subgraphUrl(findSubgraph(subgraph));
    const { origin, pathname, search } = new URL(this.url);
    this.target = { origin, path: `${pathname}${search}` };
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.identity = options.identity;
  }

  /**
   * Sends one operation (query or mutation), signed with this subgraph's identity and, when it
   * acts for a client, that client's (`onBehalfOf`: channel, store, people), and returns its
   * data; a mutation is never retried here. The
   * tags the called subgraph reports in `extensions.invalidates` are reported in this request
   * too (even with errors: what it did commit is stale), so the gateway, which sees only this
   * subgraph's response, invalidates them.
   */
  query<TData>(query: string, variables: Record<string, unknown> = {}, onBehalfOf: CallerIdentity = ANONYMOUS_WEB): Promise<TData> {
    // When the process traces, a CLIENT span per call: the called subgraph's operation span is its child.
    return withClientSpan(`service call ${this.subgraph}`, { "server.address": this.target.origin, "peer.service": this.subgraph }, () => this.send<TData>(query, variables, onBehalfOf));
  }

  private async send<TData>(query: string, variables: Record<string, unknown>, onBehalfOf: CallerIdentity): Promise<TData> {
    const identityHeaders = this.identity ? signedCallerHeaders(this.identity.service, onBehalfOf, this.identity.secret) : {};
    let body: { data?: TData; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { invalidates?: unknown } };
    // The whole call, answer read included, within timeoutMs.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const response = await serviceCallAgent().request({
        origin: this.target.origin,
        path: this.target.path,
        method: "POST",
        // The request id and trace context of the request being served, passed on (unsigned, as the gateway's);
        // when the process traces, the trace context is this call's span's instead of the one received.
        headers: { ...identityHeaders, ...correlationHeaders(), ...traceHeaders(), "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: deadline.signal,
      });
      if (response.statusCode >= 500) {
        await response.body.dump();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      body = (await response.body.json()) as typeof body;
    } catch (error) {
      throw new GraphQLError(`The ${this.subgraph} subgraph is unavailable: ${(error as Error).message}`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
      });
    } finally {
      clearTimeout(timer);
    }
    const invalidates = body.extensions?.invalidates;
    if (Array.isArray(invalidates)) reportInvalidation(...invalidates.filter((tag): tag is string => typeof tag === "string"));
    const [first] = body.errors ?? [];
    if (first) throw new GraphQLError(first.message, { extensions: { ...first.extensions, subgraph: this.subgraph } });
    return body.data as TData;
  }
}
