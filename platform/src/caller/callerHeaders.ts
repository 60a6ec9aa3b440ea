/**
 * The headers that say who is calling and from where. Only the gateway and the subgraphs set
 * them: the gateway from the client's verified API key and token, a subgraph calling another
 * from its own identity (and the client it acts for). Every call is signed
 * (`x-commerce-signature` over the others, with the deployment's SERVICE_SECRET), so a caller
 * that reaches a subgraph directly cannot claim to be anyone.
 */
export const CallerHeader = {
  channel: "x-commerce-channel",
  store: "x-commerce-store",
  customer: "x-commerce-customer",
  associate: "x-commerce-associate",
  admin: "x-commerce-admin",
  /** `gateway`, or the name of the calling subgraph. */
  service: "x-commerce-service",
  /** Unix seconds when the headers were signed: a signature is good for SIGNATURE_LIFETIME_SECONDS. */
  signedAt: "x-commerce-signed-at",
  signature: "x-commerce-signature",
} as const;

/** What an erased customer's requests get (401), at the gateway and in the customer subgraph. */
export const ERASED_ACCOUNT_MESSAGE = "This account has been erased";

/** The service name the gateway signs with. */
export const GATEWAY_SERVICE = "gateway";
