export { createServiceBuilder, resolveSubgraphUrl, type ServiceBuilderOptions } from "./buildService";
