import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from "@apollo/gateway";
import type { Logger } from "@platform/logging";
import { type ContextPart, executedSupergraph, type GatewayContext } from "../context";
import type { SubgraphCircuitBreaker } from "./circuitBreaker";
import { attemptTimeLimit, type RequestDeadline, withTimeLimit } from "./deadline";
import { connectionFailure, isRetryable, isSubgraphUnavailable, SubgraphUnavailableError } from "./errors";
import { backoffDelayMs, type RetryBudget, withRetries } from "./retry";
import type { ResilienceSettings } from "./settings";
import { type EntityFetch, staleEntityNotices, type StaleEntitySource } from "./stale";
import { describeSubgraphCall, type SubgraphCall } from "./subgraphCall";
import type { InFlightQueries } from "./inFlightQueries";
import type { FetchOutcome, SubgraphEvents } from "./subgraphEvents";
import type { Fetcher, SubgraphTransport } from "./transport";

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;

/**
 * Everything about one subgraph that outlives a supergraph reload: the data source is rebuilt
 * on each reload, its breaker, retry budget and connections are not.
 */
export interface SubgraphPolicy {
  subgraph: string;
  settings: ResilienceSettings;
  breaker: SubgraphCircuitBreaker;
  budget: RetryBudget;
  transport: SubgraphTransport;
  staleEntities: StaleEntitySource;
  /** The request's deadline, in its context. */
  deadline: ContextPart<RequestDeadline>;
  /** Where a failing StaleEntitySource is reported (it never fails a fetch). */
  logger?: Logger;
  /** Backoff jitter source (tests pin it). */
  random?: () => number;
  /** Headers added to every fetch from the client request's context (who is calling, from which channel); no context for the gateway's own fetches. */
  forwardHeaders?: (context: GatewayContext | undefined) => Record<string, string>;
  /** Unsigned headers added to every fetch made for a client request (the request id, the trace context); never part of a cache or coalescing key. */
  requestHeaders?: (context: GatewayContext) => Readonly<Record<string, string>>;
  /** Told of every fetch a subgraph answered (the cache reads what each response contained and what it changed). */
  observeFetch?: FetchObserver;
  /** Answers `_entities` fetches of queries whose entities are all cached and fresh; stores what subgraphs answer. */
  entityCache?: EntityCacheSource;
  /** Identical queries in flight share one fetch (see InFlightQueries); absent, every fetch is its own. */
  coalescing?: QueryCoalescing;
  /** Told of every fetch sent (its outcome, duration and retries) and of every query that joined one in flight (metrics). */
  events?: SubgraphEvents;
}

/** Shared fetches of one subgraph, and what tells two callers apart (an answer is only shared by the same caller). */
export interface QueryCoalescing {
  flights: InFlightQueries<SubgraphResponse>;
  callerKey: (context: GatewayContext) => string;
}

/** The entity cache as the data source uses it (gateway/src/cache implements it). */
export interface EntityCacheSource {
  lookup(fetch: EntityFetch): Promise<{ hit: true; entities: unknown[]; maxAge: number } | { hit: false; sequence: string }>;
  save(fetch: EntityFetch, entities: readonly unknown[], cacheControl: string | null | undefined, sequence: string): Promise<void>;
}

/** A fetch a subgraph answered, as observers see it. */
export interface ObservedFetch {
  subgraph: string;
  operation: SubgraphCall["operation"];
  /** An `_entities` fetch's representations; undefined for a root fetch. */
  representations: Record<string, unknown>[] | undefined;
  /** The subgraph's response, errors and extensions included. */
  response: SubgraphResponse;
  /** True when the entity cache answered it, without a call to the subgraph. */
  fromEntityCache?: boolean;
}

export type FetchObserver = (fetch: ObservedFetch, context: GatewayContext) => void;

/**
 * RemoteGraphQLDataSource with the gateway's transport policy. Each fetch of a query plan:
 *
 * 1. fails fast with `deadline_exceeded` when the request's deadline is spent;
 * 2. runs through the subgraph's circuit breaker (failing fast with `circuit_open` while it is open),
 *    limited to the subgraph's timeout or what is left of the deadline, whichever is shorter,
 *    over the pooled keep-alive transport; HTTP 5xx, transport errors and timeouts are failures;
 * 3. when it is a query, retries those failures with jittered exponential backoff while the
 *    breaker stays closed, the deadline leaves room and the retry budget allows; a mutation is
 *    attempted exactly once;
 * 4. when the subgraph stays unavailable, answers instead of throwing: an `_entities` fetch is
 *    offered to the StaleEntitySource, and what is still missing becomes one SUBGRAPH_UNAVAILABLE
 *    error per entity (`["_entities", i]`) or per root field. Apollo Gateway maps those paths into
 *    the client's response and keeps the data the other subgraphs returned: HTTP 200, partial data.
 *
 * Anything else (4xx, an unreadable body) is thrown as RemoteGraphQLDataSource would.
 */
export class ResilientDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly policy: SubgraphPolicy,
  ) {
    super({ url, fetcher: policy.transport.fetch });
  }

  override willSendRequest(options: ProcessOptions): void {
    const context = clientContext(options);
    const headers = this.policy.forwardHeaders?.(context) ?? {};
    const { request } = options;
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
    if (context && this.policy.requestHeaders) for (const [name, value] of Object.entries(this.policy.requestHeaders(context))) request.http?.headers.set(name, value);
  }

  override async process(options: ProcessOptions): Promise<SubgraphResponse> {
    // Health checks and schema loading (kinds @apollo/gateway does not export) go through unchanged.
    if (!("incomingRequestContext" in options)) return super.process(options);
    const call = describeSubgraphCall(options.request, options.document);
    const { context } = options;
    const deadline = this.policy.deadline.of(context);
    const entityFetch = call.representations && this.entityFetch(options, call.representations);
    const cached = entityFetch && call.operation === "query" ? await this.lookupEntities(entityFetch, options) : undefined;
    if (cached?.response) {
      this.observe(call, cached.response, context, true);
      return cached.response;
    }
    try {
      const fetch = () => this.sent((retried) => this.callWithPolicy(call, deadline, (signal) => super.process.call(this.forAttempt(signal), options), retried));
      const response = await this.fetchOrJoin(call, options, context, fetch);
      this.observe(call, response, context);
      if (entityFetch && !response.errors && Array.isArray(response.data?._entities)) this.rememberEntities(entityFetch, response, cached?.sequence);
      return response;
    } catch (error) {
      if (!isSubgraphUnavailable(error)) throw error;
      return this.unavailable(error, call, options, context, entityFetch);
    }
  }

  /**
   * A query joins an identical one of the same caller already in flight, if that one started
   * after this client request arrived (InFlightQueries says why that keeps reads consistent);
   * mutations never do. A joiner gets its own copy of the answer (the gateway merges answers
   * into its result in place) and applies the subgraph's cache-control to its own response.
   */
  private async fetchOrJoin(call: SubgraphCall, options: ProcessOptions, context: GatewayContext, fetch: () => Promise<SubgraphResponse>): Promise<SubgraphResponse> {
    const { coalescing } = this.policy;
    if (!coalescing || call.operation !== "query") return fetch();
    const key = `${options.request.query}\n${JSON.stringify(options.request.variables ?? {})}\n${coalescing.callerKey(context)}`;
    const { answer, shared } = await coalescing.flights.run(key, context.receivedAt, fetch);
    if (!shared) return answer;
    this.policy.events?.joined?.(this.policy.subgraph);
    restrictCachePolicy(options, subgraphCacheHint(answer.http?.headers.get("cache-control")));
    return { ...answer, data: structuredClone(answer.data), errors: structuredClone(answer.errors), extensions: structuredClone(answer.extensions) };
  }

  /** A query's `_entities` fetch answered by the entity cache when all its entities are fresh; else the sequence to save under. */
  private async lookupEntities(fetch: EntityFetch, options: ProcessOptions): Promise<{ response?: SubgraphResponse; sequence?: string } | undefined> {
    const { entityCache } = this.policy;
    if (!entityCache) return undefined;
    const cached = await this.guardStaleSource(() => entityCache.lookup(fetch));
    if (!cached) return undefined;
    if (!cached.hit) return { sequence: cached.sequence };
    restrictCachePolicy(options, { maxAge: cached.maxAge, scope: "PUBLIC" });
    return { response: { data: { _entities: cached.entities } } };
  }

  /** Hands a successful `_entities` answer to the stale source and, for a query that missed, to the entity cache (off the response path). */
  private rememberEntities(fetch: EntityFetch, response: SubgraphResponse, sequence: string | undefined): void {
    const entities = response.data!._entities as unknown[];
    void this.guardStaleSource(() => this.policy.staleEntities.remember(fetch, entities));
    const { entityCache } = this.policy;
    if (entityCache && sequence !== undefined) {
      const cacheControl = response.http?.headers.get("cache-control");
      void this.guardStaleSource(() => entityCache.save(fetch, entities, cacheControl, sequence));
    }
  }

  private observe(call: SubgraphCall, response: SubgraphResponse, context: GatewayContext, fromEntityCache = false): void {
    const { subgraph, observeFetch } = this.policy;
    observeFetch?.({ subgraph, operation: call.operation, representations: call.representations, response, ...(fromEntityCache ? { fromEntityCache } : {}) }, context);
  }

  /** Runs one fetch (its retries included) and tells `events` how it went. */
  private async sent(fetch: (retried: () => void) => Promise<SubgraphResponse>): Promise<SubgraphResponse> {
    const { events, subgraph } = this.policy;
    if (!events?.sent) return fetch(() => {});
    const started = performance.now();
    let retries = 0;
    let outcome: FetchOutcome = "error";
    try {
      const response = await fetch(() => retries++);
      outcome = response.errors?.length ? "graphql_error" : "ok";
      return response;
    } catch (error) {
      if (isSubgraphUnavailable(error)) outcome = error.reason;
      throw error;
    } finally {
      events.sent({ subgraph, outcome, seconds: (performance.now() - started) / 1000, retries });
    }
  }

  private callWithPolicy<T>(call: SubgraphCall, deadline: RequestDeadline | undefined, attempt: (signal: AbortSignal) => Promise<T>, retried: () => void = () => {}): Promise<T> {
    const { subgraph, settings, breaker, budget } = this.policy;
    budget.recordCall();
    return withRetries(
      async () => {
        const limit = attemptTimeLimit(settings.timeoutMs, deadline);
        if (limit.ms <= 0) throw new SubgraphUnavailableError(subgraph, "deadline_exceeded");
        return breaker.run(() => withTimeLimit(subgraph, limit, attempt));
      },
      {
        maxRetries: call.operation === "query" ? settings.retry.maxRetries : 0,
        delayMs: (retry) => backoffDelayMs(retry, settings.retry, this.policy.random),
        shouldRetry: (error, delayMs) => {
          const retry =
            isRetryable(error) && breaker.currentState === "closed" && delayMs < (deadline?.remainingMs() ?? Number.POSITIVE_INFINITY) && budget.tryRetry();
          if (retry) retried();
          return retry;
        },
      },
    );
  }

  /**
   * This data source as seen by one attempt: the same object (its prototype), with a fetcher
   * bound to the attempt's abort signal. RemoteGraphQLDataSource builds the request and calls
   * `this.fetcher(url, init)`; this is how the signal reaches that call.
   */
  private forAttempt(signal: AbortSignal): this {
    const { subgraph, transport } = this.policy;
    const fetcher: Fetcher = async (url, init) => {
      let response;
      try {
        response = await transport.fetch(url, { ...init, signal });
      } catch (error) {
        throw connectionFailure(subgraph, error) ?? error;
      }
      if (response.status >= 500) {
        // Read the body so the connection goes back to the pool.
        await response.text().catch(() => undefined);
        throw new SubgraphUnavailableError(subgraph, "http_5xx", `HTTP ${response.status}`);
      }
      return response;
    };
    return Object.create(this, { fetcher: { value: fetcher } }) as this;
  }

  private async unavailable(
    error: SubgraphUnavailableError,
    call: SubgraphCall,
    options: ProcessOptions,
    context: GatewayContext,
    entityFetch: EntityFetch | undefined,
  ): Promise<SubgraphResponse> {
    // What a subgraph could not answer (or answered stale) must not be cached as if it had.
    restrictCachePolicy(options, { maxAge: 0 });
    if (entityFetch) {
      const stale = await this.guardStaleSource(() => this.policy.staleEntities.recall(entityFetch, error));
      const served = stale?.entities.filter((entity) => entity != null).length ?? 0;
      if (stale && served > 0) {
        staleEntityNotices.of(context).push({ subgraph: this.policy.subgraph, reason: error.reason, entities: served, ageMs: stale.ageMs });
        const entities = entityFetch.representations.map((_, index) => stale.entities[index] ?? null);
        const errors = entities.flatMap((entity, index) => (entity === null ? [error.toSubgraphResponseError(["_entities", index])] : []));
        return { data: { _entities: entities }, ...(errors.length ? { errors } : {}) };
      }
    }
    const paths = call.missingPaths();
    return { errors: paths.length ? paths.map((path) => error.toSubgraphResponseError(path)) : [error.toSubgraphResponseError()] };
  }

  /** A StaleEntitySource that throws is logged and treated as knowing nothing: a cache never fails a fetch. */
  private async guardStaleSource<T>(use: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await use();
    } catch (error) {
      this.policy.logger?.warn({ err: error, subgraph: this.policy.subgraph }, "stale entity source failed; ignored");
      return undefined;
    }
  }

  private entityFetch(options: ProcessOptions, representations: Record<string, unknown>[]): EntityFetch {
    const context = clientContext(options);
    const headers = this.policy.forwardHeaders?.(context) ?? {};
    const { representations: _sent, ...variables } = options.request.variables ?? {};
    return { subgraph: this.policy.subgraph, query: options.request.query ?? "", representations, headers, variables, supergraphHash: context && executedSupergraph.of(context) };
  }
}

/** The client request's context behind a fetch; undefined for the gateway's own (health checks, schema loading). */
function clientContext(options: ProcessOptions): GatewayContext | undefined {
  return "incomingRequestContext" in options ? options.context : undefined;
}

/** What a subgraph's `cache-control` says, read as RemoteGraphQLDataSource reads it (no max-age: not cacheable). */
function subgraphCacheHint(cacheControl: string | null | undefined): { maxAge: number; scope?: "PUBLIC" | "PRIVATE" } {
  const maxAge = /(?:^|,)\s*max-age=(\d+)\s*(?:,|$)/i.exec(cacheControl ?? "")?.[1];
  const scope = /\bprivate\b/i.test(cacheControl ?? "") ? "PRIVATE" : /\bpublic\b/i.test(cacheControl ?? "") ? "PUBLIC" : undefined;
  return { maxAge: maxAge === undefined ? 0 : Number(maxAge), ...(scope ? { scope } : {}) };
}

/** Narrows the client response's overall cache policy, as a subgraph's `cache-control` header would. */
function restrictCachePolicy(options: ProcessOptions, hint: { maxAge: number; scope?: "PUBLIC" | "PRIVATE" }): void {
  if (!("incomingRequestContext" in options)) return;
  const policy = (options.incomingRequestContext as { overallCachePolicy?: { restrict?(hint: object): void } }).overallCachePolicy;
  policy?.restrict?.(hint);
}
