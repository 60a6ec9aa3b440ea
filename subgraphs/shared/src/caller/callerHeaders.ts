/**
 * The headers that say who is calling and from where. The gateway sets them on every subgraph
 * fetch (from the client's request, validated), and a subgraph calling another sets the service
 * pair. Until access control lands (issue 6: API keys and JWTs), the gateway passes the
 * customer and associate ids on as the client sent them.
 */
export const CallerHeader = {
  channel: "x-commerce-channel",
  store: "x-commerce-store",
  customer: "x-commerce-customer",
  associate: "x-commerce-associate",
  service: "x-commerce-service",
  serviceToken: "x-commerce-service-token",
} as const;
