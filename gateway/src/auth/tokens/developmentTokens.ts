import { jose } from "./jose";
import type { Person } from "./tokenVerifier";

/**
 * What `npm start` and the tests sign people's tokens with when no identity provider is
 * configured. Production refuses to start with these (see the gateway config).
 */
export const DEVELOPMENT_TOKENS = {
  secret: "development-only-jwt-secret-do-not-deploy-anywhere",
  issuer: "commerce-dev",
  audience: "commerce-gateway",
} as const;

/** A token for `person`, signed like a development identity provider would (HS256). */
export async function issueDevelopmentToken(person: Person, options: { expiresIn?: string; secret?: string; issuer?: string; audience?: string } = {}): Promise<string> {
  const claims = person.role === "associate" ? { role: person.role, store: person.storeId } : { role: person.role };
  return new (jose().SignJWT)(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(person.id)
    .setIssuer(options.issuer ?? DEVELOPMENT_TOKENS.issuer)
    .setAudience(options.audience ?? DEVELOPMENT_TOKENS.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(new TextEncoder().encode(options.secret ?? DEVELOPMENT_TOKENS.secret));
}
