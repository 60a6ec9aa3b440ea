export interface RateLimitConfig {
  /** GATEWAY_RATE_LIMIT (`on` by default). */
  enabled: boolean;
  /** REDIS_URL: counters shared by every gateway with the same prefix; in-process without it. */
  redisUrl: string | undefined;
  /** Prefix of the Redis counters: GATEWAY_CACHE_PREFIX followed by `rl:`. */
  keyPrefix: string;
  /** Requests per minute from one IP address (an IPv6 client by its /64) without an API key, or with a `public` one. */
  ipPerMinute: number;
  /** Requests per minute of one API key (not `public`), wherever they come from. */
  keyPerMinute: number;
  /** Requests per minute of one API key marked `trustedServer` (a server-rendered storefront). */
  serverKeyPerMinute: number;
  /** IP addresses and CIDR subnets never limited (GATEWAY_RATE_LIMIT_ALLOW). */
  allow: readonly string[];
  /** GATEWAY_TRUST_PROXY: how many proxies of ours append to X-Forwarded-For (0: the socket's address is the client). */
  trustProxyHops: number;
  /** The bot rule: its deny list for every request, the rest for requests without an API key or with a `public` one. */
  bot: {
    /** Requests per second from one IP address (without a key, or with a `public` one); 0 turns the burst rule off. */
    burstPerSecond: number;
    /** Requests per minute without a User-Agent from one IP address; 0 refuses them (403). */
    noAgentPerMinute: number;
    /** Case-insensitive pattern of User-Agents refused with 403; empty refuses none. */
    denyAgents: string;
  };
}

/** Vulnerability scanners and aggressive crawlers, which have no business with a GraphQL API. */
const DENIED_AGENTS = [
  "sqlmap", "nikto", "nmap", "masscan", "zgrab", "nuclei", "acunetix", "netsparker", "wpscan", "dirbuster", "gobuster",
  "feroxbuster", "httrack", "scrapy", "semrushbot", "ahrefsbot", "mj12bot", "dotbot", "petalbot", "bytespider",
];

export const RATE_LIMIT_DEFAULTS = {
  ipPerMinute: 600,
  keyPerMinute: 3000,
  serverKeyPerMinute: 30000,
  bot: { burstPerSecond: 20, noAgentPerMinute: 30, denyAgents: DENIED_AGENTS.join("|") },
} as const;
