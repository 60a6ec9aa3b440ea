export { resolveDatabaseTarget, type DatabaseTarget } from "./databaseTarget";
export { openDatabase, type Database, type OpenDatabaseOptions } from "./openDatabase";
export { MigrationError } from "./applyMigrations";
export { diffSchemaAgainstMigrations } from "./diffSchema";
export { createMigration, migrationSlug, type CreateMigrationOptions, type CreatedMigration } from "./createMigration";
export { domainPaths, repoRoot, type DomainPathOptions, type DomainPaths } from "./domainPaths";
export { domainsWithPrismaSchema, registeredDomains } from "./registeredDomains";
export { interceptQueries } from "./interceptQueries";
export { TRANSACTION_OPTIONS } from "./transactionOptions";
