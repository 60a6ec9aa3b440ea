/**
 * Where a request comes from. The plain enum, with no GraphQL registration, so that code outside
 * the subgraphs' schemas (the gateway reading caller headers) can use it without loading type-graphql.
 */
export enum Channel {
  WEB = "WEB",
  MOBILE = "MOBILE",
  KIOSK = "KIOSK",
  HANDHELD = "HANDHELD",
}
