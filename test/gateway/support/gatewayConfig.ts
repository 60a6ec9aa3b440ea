import { DEVELOPMENT_TOKENS, STAFF_ON_THEIR_OWN_KEYS } from "../../../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH, type GatewayConfig } from "../../../gateway/src/config";
import { DEFAULT_CORS_MAX_AGE_SECONDS, DEVELOPMENT_CORS_ORIGINS } from "../../../gateway/src/cors";
import { RATE_LIMIT_DEFAULTS } from "../../../gateway/src/rateLimit";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";

/** A gateway configuration for an in-process test gateway on a free port, quiet unless TEST_LOG_LEVEL says otherwise. */
export function testGatewayConfig(overrides: Partial<GatewayConfig> & Pick<GatewayConfig, "supergraphPath">): GatewayConfig {
  return {
    host: "127.0.0.1",
    port: 0,
    nodeEnv: "test",
    production: false,
    logLevel: (process.env.TEST_LOG_LEVEL as GatewayConfig["logLevel"]) ?? "silent",
    subgraphUrlOverrides: {},
    requestDeadlineMs: 10_000,
    subgraphResilience: {},
    // Off unless a suite is about caching: the others assert what each request does upstream.
    cache: { enabled: false, redisUrl: undefined },
    // Off too: each request's fetches are its own, as the suites count them.
    coalesceQueries: false,
    // As outside production: pages on this machine may call it.
    cors: { origins: [...DEVELOPMENT_CORS_ORIGINS], maxAgeSeconds: DEFAULT_CORS_MAX_AGE_SECONDS },
    // Off unless a suite is about rate limiting: the others send bursts from one address.
    rateLimit: { ...RATE_LIMIT_DEFAULTS, enabled: false, redisUrl: undefined, keyPrefix: "gw-test:rl:", allow: [], trustProxyHops: 0 },
    // The development keys and token issuer: test clients use the demo apps' keys (test/support/callers).
    serviceSecret: DEVELOPMENT_SERVICE_SECRET,
    auth: { apiKeysPath: DEVELOPMENT_API_KEYS_PATH, tokens: { ...DEVELOPMENT_TOKENS, keys: { kind: "secret", secret: DEVELOPMENT_TOKENS.secret } }, staffKeys: STAFF_ON_THEIR_OWN_KEYS },
    ...overrides,
  };
}
