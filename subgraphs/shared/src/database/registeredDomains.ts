import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { domainPaths, repoRoot } from "./domainPaths";

export const subgraphRegistryPath = path.join(repoRoot, "schema", "subgraphs.json");

/** The subgraph names listed in schema/subgraphs.json; each is a domain. */
export function registeredDomains(registryPath: string = subgraphRegistryPath): string[] {
  const registry = JSON.parse(readFileSync(registryPath, "utf8")) as { subgraphs: { name: string }[] };
  return registry.subgraphs.map((subgraph) => subgraph.name);
}

/** Registered domains that have a prisma/<domain>/schema.prisma (some may not have a database yet). */
export function domainsWithPrismaSchema(registryPath: string = subgraphRegistryPath): string[] {
  return registeredDomains(registryPath).filter((domain) => existsSync(domainPaths(domain).schemaPath));
}
