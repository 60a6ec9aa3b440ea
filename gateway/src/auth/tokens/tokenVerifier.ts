import type * as Jose from "jose";
import type { JWTVerifyOptions } from "jose";
import { z } from "zod";
import { jose } from "./jose";

/** A person signed in on a client app, as their verified token says. */
export type Person =
  | { role: "customer"; id: string }
  | { role: "associate"; id: string; storeId: string }
  | { role: "admin"; id: string };

/** Where the gateway takes the keys that sign people's tokens from: one of the three. */
export type TokenKeySource = { kind: "secret"; secret: string } | { kind: "publicKey"; pem: string; algorithm: string } | { kind: "jwks"; url: string };

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keys: TokenKeySource;
  /** Leeway for clocks that disagree, in seconds. */
  clockToleranceSeconds?: number;
}

/** A token that does not prove who someone is: the message says why, for the 401. */
export class TokenRejected extends Error {}

const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];

const claimsSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("customer"), sub: z.string().min(1) }),
  z.object({ role: z.literal("associate"), sub: z.string().min(1), store: z.string().min(1) }),
  z.object({ role: z.literal("admin"), sub: z.string().min(1) }),
]);

/**
 * Verifies people's JWTs (signature, issuer, audience, expiry) with jose, then reads who they
 * are from the claims: `sub`, `role` (customer, associate or admin) and, for an associate,
 * `store`. The gateway verifies once per request and passes the result on, signed, to the
 * subgraphs.
 */
export class TokenVerifier {
  private constructor(
    private readonly verifySignature: (token: string, options: JWTVerifyOptions) => Promise<{ payload: unknown }>,
    private readonly options: TokenVerifierOptions,
    private readonly algorithms: string[],
  ) {}

  static async create(options: TokenVerifierOptions): Promise<TokenVerifier> {
    const source = options.keys;
    switch (source.kind) {
      case "secret": {
        const secret = new TextEncoder().encode(source.secret);
        return new TokenVerifier((token, verifyOptions) => jose().jwtVerify(token, secret, verifyOptions), options, ["HS256", "HS384", "HS512"]);
      }
      case "publicKey": {
        // Loaded at start here: a PEM that is not a key fails start-up, not the first request.
        const key = await jose().importSPKI(source.pem, source.algorithm);
        return new TokenVerifier((token, verifyOptions) => jose().jwtVerify(token, key, verifyOptions), options, [source.algorithm]);
      }
      case "jwks": {
        // The key set is made when the first token arrives (it fetches the issuer's keys then anyway).
        let keySet: ReturnType<typeof Jose.createRemoteJWKSet> | undefined;
        return new TokenVerifier(
          (token, verifyOptions) => jose().jwtVerify(token, (keySet ??= jose().createRemoteJWKSet(new URL(source.url))), verifyOptions),
          options,
          ASYMMETRIC_ALGORITHMS,
        );
      }
    }
  }

  async verify(token: string): Promise<Person> {
    let payload: unknown;
    try {
      ({ payload } = await this.verifySignature(token, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ["exp", "sub"],
      }));
    } catch (error) {
      throw new TokenRejected(rejectionReason(error));
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new TokenRejected('The token does not say who this is: it needs "sub", "role" (customer, associate or admin) and, for an associate, "store"');
    }
    const { role, sub } = claims.data;
    return claims.data.role === "associate" ? { role: "associate", id: sub, storeId: claims.data.store } : ({ role, id: sub } as Person);
  }
}

function rejectionReason(error: unknown): string {
  const { errors } = jose(); // loaded: a token was verified
  if (error instanceof errors.JWTExpired) return "The token has expired: sign in again";
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted here (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature does not verify";
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token is signed with an algorithm this gateway does not accept";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "The token is not a well-formed JWT";
  if (error instanceof errors.JWKSNoMatchingKey) return "No key of the issuer matches the token";
  if (error instanceof errors.JOSEError) return `The token is not accepted: ${error.message}`;
  return "The token cannot be verified now";
}
