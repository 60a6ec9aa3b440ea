import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { CapabilityFactory } from "../capability";
import { ContextPart } from "../context";

export const REQUEST_ID_HEADER = "x-request-id";

/** What a client's own request id may look like; anything else (too long, spaces, control characters) is replaced. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id, in its context: the client's, or one made up when it sent none. */
export const requestIdPart = new ContextPart<string>("requestId", () => randomUUID());

/**
 * Every GraphQL answer carries `x-request-id`, refusals (401, 429) included: the client's own id
 * when it sent a well-formed one, so a support ticket and the gateway's logs name the same
 * request, or a new UUID. The id is kept in the request's context for the steps after it.
 */
export const requestIdCapability: CapabilityFactory = () => ({
  name: "requestId",
  intercept: {
    stage: "envelope",
    async interceptor(exchange) {
      const context = await exchange.context();
      const sent = clientRequestId(exchange.request);
      if (sent) requestIdPart.set(context, sent);
      const response = await exchange.execute();
      response.headers.set(REQUEST_ID_HEADER, requestIdPart.of(context));
      return response;
    },
  },
});

function clientRequestId(request: IncomingMessage): string | undefined {
  const value = request.headers[REQUEST_ID_HEADER];
  const text = Array.isArray(value) ? value[0] : value;
  return text && CLIENT_REQUEST_ID.test(text) ? text : undefined;
}
