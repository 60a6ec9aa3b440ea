export interface GraphQLResponse<TData = any> {
  status: number;
  headers: Headers;
  body: {
    data?: TData;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
    extensions?: Record<string, any>;
  };
}

/** POSTs a GraphQL operation over real HTTP, as a client app would. */
export async function postGraphQL<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<TData>["body"] };
}

/** The `_entities` query a gateway sends to resolve references, for a single entity type. */
export function entitiesQuery(typeName: string, selection: string): string {
  return `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typeName} { ${selection} } } }`;
}
