import { reportInvalidation } from "../cache";
import { ANONYMOUS_WEB, type CallerIdentity, signedCallerHeaders } from "@platform/caller";
import { ErrorCode } from "@platform/errors";
import { GraphQLError } from "graphql";
import { findSubgraph, subgraphUrl } from "@platform/registry";

export interface SubgraphClientOptions {
  /** Defaults to the registry's URL for the subgraph (SUBGRAPH_<NAME>_URL overrides it). */
  url?: string;
  timeoutMs?: number;
  /** Who is calling: the calling subgraph's name and the deployment's service secret. */
  identity?: { service: string; secret: string };
}

/**
 * A service call from one subgraph to another, for what federation cannot express (a lookup
 * inside a resolver). Any failure to get an answer is SUBGRAPH_UNAVAILABLE naming the
 * subgraph; GraphQL errors in the answer are passed on with their own codes.
 */
export class SubgraphClient {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly identity: { service: string; secret: string } | undefined;

  constructor(
    readonly subgraph: string,
    options: SubgraphClientOptions = {},
  ) {
    this.url = options.url ?? subgraphUrl(findSubgraph(subgraph));
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
  async query<TData>(query: string, variables: Record<string, unknown> = {}, onBehalfOf: CallerIdentity = ANONYMOUS_WEB): Promise<TData> {
    const identityHeaders = this.identity ? signedCallerHeaders(this.identity.service, onBehalfOf, this.identity.secret) : {};
    let body: { data?: TData; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { invalidates?: unknown } };
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { ...identityHeaders, "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new GraphQLError(`The ${this.subgraph} subgraph is unavailable: ${(error as Error).message}`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
      });
    }
    const invalidates = body.extensions?.invalidates;
    if (Array.isArray(invalidates)) reportInvalidation(...invalidates.filter((tag): tag is string => typeof tag === "string"));
    const [first] = body.errors ?? [];
    if (first) throw new GraphQLError(first.message, { extensions: { ...first.extensions, subgraph: this.subgraph } });
    return body.data as TData;
  }
}
