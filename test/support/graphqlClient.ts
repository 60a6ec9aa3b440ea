export interface GraphQLResponse<TData = any> {
  status: number;
  headers: Headers;
  body: {
    data?: TData;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
    extensions?: Record<string, any>;
  };
}

/**
 * POSTs a GraphQL operation over real HTTP, as a client app would: with the demo web app's API
 * key unless `headers` name another (an empty x-api-key sends none). Subgraphs ignore the key.
 */
export async function postGraphQL<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: withApiKey({ "content-type": "application/json", ...headers }),
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<TData>["body"] };
}

/** The `_entities` query a gateway sends to resolve references, for a single entity type. */
export function entitiesQuery(typeName: string, selection: string): string {
  return `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typeName} { ${selection} } } }`;
}

/** The demo web app's key (gateway/dev-api-keys.json), unless the headers say otherwise; "" means none. */
export function withApiKey(headers: Record<string, string>): Record<string, string> {
  const { "x-api-key": key = "dev-web-key", ...rest } = headers;
  return key === "" ? rest : { ...rest, "x-api-key": key };
}
