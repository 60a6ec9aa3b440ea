/**
 * Origins as a deployment (GATEWAY_CORS_ORIGINS) or an API key (its `origins`) lists them:
 * `*` (any origin), an exact origin (`https://shop.example.com`), or a simple wildcard: `*.` in
 * front of the host for any subdomain at any depth (`https://*.example.com` matches
 * `https://eu.shop.example.com`, not `https://example.com`), `:*` for any port
 * (`http://127.0.0.1:*`, the default port included). Written by hand: the `cors` package matches
 * strings and regular expressions, and a key file should not hold regular expressions.
 */
const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?$/;

/** Whether `text` is one of the forms above. */
export function isOriginPattern(text: string): boolean {
  if (text === "*") return true;
  const parts = PATTERN.exec(text.toLowerCase());
  // `https://*.com` would be every site of a top-level domain: a wildcard needs a domain of two labels at least.
  return parts !== null && (!parts[2] || parts[3]!.includes("."));
}

/** How an origin was allowed: by `*` (any origin, never with credentials) or by an entry naming it. */
export type OriginMatch = "any" | "named";

/** One matcher for a list of patterns (invalid entries throw: validate with isOriginPattern first). */
export function originMatcher(patterns: readonly string[]): (origin: string) => OriginMatch | undefined {
  const any = patterns.includes("*");
  const exact = new Set<string>();
  const wildcards: RegExp[] = [];
  for (const pattern of patterns) {
    if (pattern === "*") continue;
    const parts = isOriginPattern(pattern) ? PATTERN.exec(pattern.toLowerCase()) : null;
    if (!parts) throw new Error(`Not an origin or origin wildcard: ${pattern}`);
    const [, scheme, subdomains, host, port] = parts as unknown as [string, string, string | undefined, string, string | undefined];
    if (!subdomains && port !== "*") {
      exact.add(`${scheme}://${host}${port && port !== DEFAULT_PORTS[scheme] ? `:${port}` : ""}`);
      continue;
    }
    const hostPattern = `${subdomains ? "(?:[a-z0-9-]+\\.)+" : ""}${escape(host)}`;
    const portPattern = port === "*" ? "(?::\\d{1,5})?" : port && port !== DEFAULT_PORTS[scheme] ? `:${port}` : "";
    wildcards.push(new RegExp(`^${scheme}:\\/\\/${hostPattern}${portPattern}$`));
  }
  return (origin) => {
    const text = origin.toLowerCase();
    if (exact.has(text) || wildcards.some((wildcard) => wildcard.test(text))) return "named";
    return any ? "any" : undefined;
  };
}

const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };

function escape(text: string): string {
  return text.replace(/[.[\]]/g, (character) => `\\${character}`);
}
