export { createTransport, type SubgraphTransport, type TransportOptions, type Fetcher, type FetcherRequestInit, type FetcherResponse } from "./undiciTransport";
