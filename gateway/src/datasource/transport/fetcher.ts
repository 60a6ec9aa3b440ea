import type { RemoteGraphQLDataSource } from "@apollo/gateway";

/** RemoteGraphQLDataSource's `fetcher` type (@apollo/utils.fetcher's Fetcher). */
export type Fetcher = RemoteGraphQLDataSource["fetcher"];
export type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
export type FetcherResponse = Awaited<ReturnType<Fetcher>>;
