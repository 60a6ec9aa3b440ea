export interface ResponseCachePolicy {
  maxAge: number;
  scope: "PUBLIC" | "PRIVATE";
}

/**
 * The policy Apollo Server computed for a response, read back from its `cache-control` header
 * (the gateway's overall policy: the most restrictive of every subgraph fetch's). Null when the
 * response may not be stored.
 */
export function readCachePolicy(header: string | undefined): ResponseCachePolicy | null {
  if (!header) return null;
  const directives = new Map(
    header.split(",").map((part) => {
      const [name, value] = part.trim().toLowerCase().split("=");
      return [name!, value] as const;
    }),
  );
  if (directives.has("no-store") || directives.has("no-cache")) return null;
  const maxAge = Number(directives.get("max-age"));
  if (!Number.isInteger(maxAge) || maxAge <= 0) return null;
  return { maxAge, scope: directives.has("private") ? "PRIVATE" : "PUBLIC" };
}

export function cacheControlHeader(policy: ResponseCachePolicy, ageSeconds: number): string {
  return `max-age=${Math.max(0, policy.maxAge - ageSeconds)}, ${policy.scope.toLowerCase()}`;
}
