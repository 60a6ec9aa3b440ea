import type { IncomingMessage } from "node:http";
import type { HTTPGraphQLResponse } from "@apollo/server";
import { type GraphQLInterceptor, graphqlErrorResponse } from "@platform/http";
import type { Logger } from "@platform/logging";
import type { ApiKeyRateLimit } from "../auth/apiKeys";
import { agentRule } from "./botRule";
import { allowList, clientAddress, limitSubject } from "./clientAddress";
import { type LimitDecision, LimiterStore, type LimiterStoreStatus, type WindowLimiter } from "./limiterStore";
import type { RateLimitConfig } from "./rateLimitConfig";
import { type LimitName, type RateLimitCounts, RateLimitMetrics } from "./rateLimitMetrics";

/** What rate limiting needs of a valid API key: its id and how it is counted (ApiKeyRecord.rateLimit). */
export interface LimitedKey {
  id: string;
  rateLimit: ApiKeyRateLimit;
}

/** The valid API key a request carries, undefined for none (or one that authentication will refuse). */
export type ClientKey = (request: IncomingMessage) => LimitedKey | undefined | Promise<LimitedKey | undefined>;

export interface RateLimitOptions {
  config: RateLimitConfig;
  clientKey?: ClientKey;
  logger: Logger;
  /** How often a failed Redis is pinged (tests shorten it). */
  probeIntervalMs?: number;
  /** Where requests are counted (a fresh RateLimitMetrics by default). */
  metrics?: RateLimitMetrics;
}

export interface RateLimitReport {
  enabled: true;
  store: LimiterStoreStatus;
  counts: RateLimitCounts;
}

export interface RateLimit {
  /** Goes before the response cache, so that cache hits count. */
  intercept: GraphQLInterceptor<unknown>;
  report(): RateLimitReport;
  close(): Promise<void>;
}

type Verdict =
  | { kind: "exempt" }
  | { kind: "denied"; message: string }
  | { kind: "limited"; by: LimitName; decision: LimitDecision }
  | { kind: "allowed"; decision: LimitDecision };

/**
 * Rate limiting of GraphQL requests, by who is asking:
 * - a valid API key counts against that key, wherever its requests come from: `keyPerMinute`
 *   (one client app's quota: the kiosks and handhelds of a store behind one NAT address count
 *   against their key, never against that address), or `serverKeyPerMinute` for a key marked
 *   `trustedServer` (a server-rendered storefront, asking for all its shoppers);
 * - a request without a valid key, or with a key marked `public` (shipped in a web page or an
 *   app: anyone's to copy, so its holders are told apart by address), counts against its IP
 *   address (`ipPerMinute`), and the bot rule's burst rule (more than `bot.burstPerSecond` in
 *   one second) and no-User-Agent rule (its own `bot.noAgentPerMinute`, or refused when that
 *   is 0) apply;
 * - the bot rule's deny list applies to every request: a User-Agent matching `bot.denyAgents` is
 *   refused (403 FORBIDDEN: waiting would not help).
 * Over a limit: 429 RATE_LIMITED with `Retry-After`, the message naming the limit; answers carry
 * `RateLimit-*` headers. Allow-listed addresses are never limited.
 */
export async function createRateLimit({ config, clientKey, logger, probeIntervalMs, metrics = new RateLimitMetrics() }: RateLimitOptions): Promise<RateLimit> {
  const store = await LimiterStore.open({ redisUrl: config.redisUrl, keyPrefix: config.keyPrefix, logger, probeIntervalMs });
  const limiters: Record<LimitName, WindowLimiter | undefined> = {
    ip: store.limiter("ip", config.ipPerMinute, 60),
    key: store.limiter("key", config.keyPerMinute, 60),
    serverKey: store.limiter("serverkey", config.serverKeyPerMinute, 60),
    burst: config.bot.burstPerSecond > 0 ? store.limiter("burst", config.bot.burstPerSecond, 1) : undefined,
    noAgent: config.bot.noAgentPerMinute > 0 ? store.limiter("noagent", config.bot.noAgentPerMinute, 60) : undefined,
  };
  const exempt = allowList(config.allow);
  const classifyAgent = agentRule(config.bot.denyAgents);

  async function judge(request: IncomingMessage): Promise<Verdict> {
    const address = clientAddress(request, config.trustProxyHops);
    if (address && exempt(address)) return { kind: "exempt" };
    const agent = classifyAgent(request);
    if (agent === "denied") return { kind: "denied", message: "Requests from this User-Agent are not accepted." };
    const key = await clientKey?.(request);
    const checks: [LimitName, string][] = [];
    if (key && key.rateLimit !== "public") {
      checks.push([key.rateLimit === "trustedServer" ? "serverKey" : "key", key.id]);
    } else {
      if (agent === "missing" && !limiters.noAgent) return { kind: "denied", message: "Requests without a User-Agent header are not accepted." };
      const subject = address ? limitSubject(address) : "unknown";
      checks.push(["ip", subject], ["burst", subject]);
      if (agent === "missing") checks.push(["noAgent", subject]);
    }
    const decisions = await Promise.all(
      checks.flatMap(([name, subject]) => {
        const limiter = limiters[name];
        return limiter ? [limiter.consume(subject).then((decision) => ({ name, decision }))] : [];
      }),
    );
    // Retry-After must cover every limit the request is over, hence the longest wait.
    const refused = decisions.filter(({ decision }) => !decision.allowed).sort((a, b) => b.decision.msBeforeNext - a.decision.msBeforeNext)[0];
    if (refused) return { kind: "limited", by: refused.name, decision: refused.decision };
    // The headers describe the tightest limit: the one with the fewest requests left.
    const tightest = decisions.map(({ decision }) => decision).sort((a, b) => a.remaining - b.remaining)[0]!;
    return { kind: "allowed", decision: tightest };
  }

  const intercept: GraphQLInterceptor<unknown> = async (exchange) => {
    let verdict: Verdict;
    try {
      verdict = await judge(exchange.request);
    } catch (error) {
      // Limiting is a protection, not a dependency: when it breaks, serve.
      logger.error({ err: error }, "rate limiting failed: request served unlimited");
      return exchange.execute();
    }
    switch (verdict.kind) {
      case "denied":
        metrics.deniedAgent();
        return graphqlErrorResponse(403, verdict.message, "FORBIDDEN");
      case "limited": {
        metrics.limited(verdict.by);
        const retryAfter = secondsUntil(verdict.decision);
        return graphqlErrorResponse(429, `${LIMIT_DESCRIPTIONS[verdict.by](verdict.decision.limit)}. Retry in ${retryAfter} s.`, "RATE_LIMITED", {
          "retry-after": String(retryAfter),
          ...rateLimitHeaders(verdict.decision),
        });
      }
      case "exempt":
        metrics.allowed(true);
        return exchange.execute();
      case "allowed": {
        metrics.allowed();
        return withHeaders(await exchange.execute(), rateLimitHeaders(verdict.decision));
      }
    }
  };

  return {
    intercept,
    report: () => ({ enabled: true, store: store.status(), counts: metrics.snapshot() }),
    close: () => store.close(),
  };
}

const LIMIT_DESCRIPTIONS: Record<LimitName, (limit: number) => string> = {
  ip: (limit) => `Too many requests from your IP address: the limit per IP address is ${limit} per minute`,
  key: (limit) => `Too many requests with this API key: the limit per API key is ${limit} per minute`,
  serverKey: (limit) => `Too many requests with this server's API key: the limit per trusted server key is ${limit} per minute`,
  burst: (limit) => `Too many requests in one second from your IP address: the limit is ${limit} per second`,
  noAgent: (limit) => `Too many requests without a User-Agent header from your IP address: the limit for those is ${limit} per minute`,
};

function secondsUntil(decision: LimitDecision): number {
  return Math.max(1, Math.ceil(decision.msBeforeNext / 1000));
}

/** The IETF draft's RateLimit-* fields, and the older X-RateLimit-* most clients still read. */
function rateLimitHeaders(decision: LimitDecision): Record<string, string> {
  const [limit, remaining] = [String(decision.limit), String(decision.remaining)];
  return {
    "ratelimit-limit": limit,
    "ratelimit-remaining": remaining,
    "ratelimit-reset": String(secondsUntil(decision)),
    "x-ratelimit-limit": limit,
    "x-ratelimit-remaining": remaining,
  };
}

function withHeaders(response: HTTPGraphQLResponse, headers: Record<string, string>): HTTPGraphQLResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
