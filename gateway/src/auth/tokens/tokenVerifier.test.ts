import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, type KeyLike, SignJWT } from "jose";
import { DEVELOPMENT_TOKENS, issueDevelopmentToken } from "./developmentTokens";
import { TokenRejected, TokenVerifier } from "./tokenVerifier";

const developmentVerifier = () => TokenVerifier.create({ ...DEVELOPMENT_TOKENS, keys: { kind: "secret", secret: DEVELOPMENT_TOKENS.secret } });

async function rejection(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejected);
    return (error as Error).message;
  }
  throw new Error("expected the token to be rejected");
}

describe("TokenVerifier with a shared secret", () => {
  it("reads a customer, an associate with their store, and an admin", async () => {
    const verifier = await developmentVerifier();
    await expect(verifier.verify(await issueDevelopmentToken({ role: "customer", id: "cust-1" }))).resolves.toEqual({ role: "customer", id: "cust-1" });
    await expect(verifier.verify(await issueDevelopmentToken({ role: "associate", id: "a-1", storeId: "s-1" }))).resolves.toEqual({
      role: "associate",
      id: "a-1",
      storeId: "s-1",
    });
    await expect(verifier.verify(await issueDevelopmentToken({ role: "admin", id: "root" }))).resolves.toEqual({ role: "admin", id: "root" });
  });

  it("says why a token is refused: expired, forged, another issuer or audience, not a JWT", async () => {
    const verifier = await developmentVerifier();
    expect(await rejection(verifier, await issueDevelopmentToken({ role: "customer", id: "c" }, { expiresIn: "-2m" }))).toBe("The token has expired: sign in again");
    expect(await rejection(verifier, await issueDevelopmentToken({ role: "admin", id: "m" }, { secret: "s".repeat(40) }))).toBe("The token's signature does not verify");
    expect(await rejection(verifier, await issueDevelopmentToken({ role: "admin", id: "m" }, { issuer: "elsewhere" }))).toMatch(/"iss" claim/);
    expect(await rejection(verifier, await issueDevelopmentToken({ role: "admin", id: "m" }, { audience: "another-api" }))).toMatch(/"aud" claim/);
    expect(await rejection(verifier, "not-a-jwt")).toBe("The token is not a well-formed JWT");
  });

  it("refuses a token that does not say who this is", async () => {
    const verifier = await developmentVerifier();
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("x")
        .setIssuer(DEVELOPMENT_TOKENS.issuer)
        .setAudience(DEVELOPMENT_TOKENS.audience)
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode(DEVELOPMENT_TOKENS.secret));
    for (const claims of [{}, { role: "superuser" }, { role: "associate" }]) {
      expect(await rejection(verifier, await sign(claims))).toMatch(/needs "sub", "role"/);
    }
  });

  it("refuses a token without an expiry", async () => {
    const verifier = await developmentVerifier();
    const token = await new SignJWT({ role: "admin" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("root")
      .setIssuer(DEVELOPMENT_TOKENS.issuer)
      .setAudience(DEVELOPMENT_TOKENS.audience)
      .sign(new TextEncoder().encode(DEVELOPMENT_TOKENS.secret));
    expect(await rejection(verifier, token)).toMatch(/"exp" claim/);
  });
});

describe("TokenVerifier with an issuer's public keys", () => {
  const claims = { role: "customer" };
  const sign = (privateKey: KeyLike, kid?: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", ...(kid ? { kid } : {}) })
      .setSubject("cust-9")
      .setIssuer("https://idp.example")
      .setAudience("commerce")
      .setExpirationTime("5m")
      .sign(privateKey);

  it("verifies RS256 with a PEM public key, and refuses an HS256 token signed with that key's text", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const pem = await exportSPKI(publicKey);
    const verifier = await TokenVerifier.create({ issuer: "https://idp.example", audience: "commerce", keys: { kind: "publicKey", pem, algorithm: "RS256" } });
    await expect(verifier.verify(await sign(privateKey))).resolves.toEqual({ role: "customer", id: "cust-9" });
    // The classic confusion attack: the public key used as an HMAC secret.
    const confused = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("cust-9")
      .setIssuer("https://idp.example")
      .setAudience("commerce")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(pem));
    expect(await rejection(verifier, confused)).toMatch(/algorithm/);
  });

  it("verifies against a JWKS served over HTTP, and refuses a key the set does not hold", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const other = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    const server: Server = createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const verifier = await TokenVerifier.create({ issuer: "https://idp.example", audience: "commerce", keys: { kind: "jwks", url } });
      await expect(verifier.verify(await sign(privateKey, "k1"))).resolves.toEqual({ role: "customer", id: "cust-9" });
      expect(await rejection(verifier, await sign(other.privateKey, "k2"))).toBe("No key of the issuer matches the token");
    } finally {
      server.close();
    }
  });
});
