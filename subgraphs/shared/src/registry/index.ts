export { loadSubgraphRegistry, findSubgraph, subgraphUrl, REPO_ROOT, REGISTRY_PATH, type SubgraphEntry } from "./subgraphRegistry";
