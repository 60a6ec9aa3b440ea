import { existsSync } from "node:fs";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { copyFixture, fixturePrismaDir, removeFixtureCopies } from "./__fixtures__/fixtures";
import { createMigration, diffSchemaAgainstMigrations, openDatabase } from ".";
import { MIGRATION_LOCK_CONTENT } from "./migrationFiles";

afterEach(removeFixtureCopies);

describe("diffSchemaAgainstMigrations", () => {
  it("is null when the committed migrations match schema.prisma", async () => {
    await expect(diffSchemaAgainstMigrations("widgets", { prismaDir: fixturePrismaDir("widgets") })).resolves.toBeNull();
  });

  it("gives the SQL for a column the schema gained, qualified with the domain's schema", async () => {
    const prismaDir = await copyFixture("widgets");
    await addFieldToWidget(prismaDir, "colour String?");

    const sql = await diffSchemaAgainstMigrations("widgets", { prismaDir });
    expect(sql).toContain(`ALTER TABLE "widgets"."Widget" ADD COLUMN     "colour" TEXT;`);
    expect(sql).not.toContain("CREATE TABLE");
  });

  it("gives the whole schema, starting with CREATE SCHEMA, when there are no migrations yet", async () => {
    const prismaDir = await copyFixture("gadgets");
    await rm(path.join(prismaDir, "migrations"), { recursive: true });

    const sql = await diffSchemaAgainstMigrations("gadgets", { prismaDir });
    expect(sql).toMatch(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "gadgets";\n/);
    expect(sql).toContain(`CREATE TABLE "gadgets"."Gadget"`);
  });

  it("names the domain when schema.prisma is missing or invalid", async () => {
    const prismaDir = await copyFixture("widgets");
    await expect(diffSchemaAgainstMigrations("widgets", { prismaDir: path.join(prismaDir, "nowhere") })).rejects.toThrow(
      /^Domain "widgets": no Prisma schema at .*nowhere/,
    );

    await addFieldToWidget(prismaDir, "colour NoSuchType");
    await expect(diffSchemaAgainstMigrations("widgets", { prismaDir })).rejects.toThrow(/^Domain "widgets": cannot diff(.|\n)*NoSuchType/);
  });
});

describe("createMigration", () => {
  it("writes the migration and the lock file, after which schema and migrations are in step", async () => {
    const prismaDir = await copyFixture("gadgets");
    await rm(path.join(prismaDir, "migrations"), { recursive: true });

    const created = await createMigration("gadgets", "Initial schema!", { prismaDir, now: new Date("2025-03-04T05:06:07Z") });
    expect(created?.name).toBe("20250304050607_initial_schema");
    expect(await readFile(path.join(prismaDir, "migrations", "20250304050607_initial_schema", "migration.sql"), "utf8")).toBe(created?.sql);
    expect(await readFile(path.join(prismaDir, "migrations", "migration_lock.toml"), "utf8")).toBe(MIGRATION_LOCK_CONTENT);

    await expect(createMigration("gadgets", "again", { prismaDir })).resolves.toBeNull();
    expect(await readdir(path.join(prismaDir, "migrations"))).toEqual(["20250304050607_initial_schema", "migration_lock.toml"]);
  });

  it("creates a migration that applies on top of the existing ones", async () => {
    const prismaDir = await copyFixture("widgets");
    await addFieldToWidget(prismaDir, "colour String @default(\"grey\")");
    const created = await createMigration("widgets", "add colour", { prismaDir });
    expect(created).not.toBeNull();

    const database = await openDatabase("widgets", { kind: "pglite" }, { prismaDir });
    try {
      await expect(database.migrate()).resolves.toEqual(["20240101000000_init", created?.name]);
    } finally {
      await database.close();
    }
  });

  it("rejects a name without letters or digits and writes nothing", async () => {
    const prismaDir = await copyFixture("widgets");
    await addFieldToWidget(prismaDir, "colour String?");
    await expect(createMigration("widgets", "--", { prismaDir })).rejects.toThrow(/Invalid migration name "--"/);
    expect(await readdir(path.join(prismaDir, "migrations"))).toEqual(["20240101000000_init", "migration_lock.toml"]);
    expect(existsSync(path.join(prismaDir, "migrations", "20240101000000_init", "migration.sql"))).toBe(true);
  });
});

/** Adds a field to `model Widget` in a copied fixture schema. */
async function addFieldToWidget(prismaDir: string, field: string): Promise<void> {
  const schemaPath = path.join(prismaDir, "schema.prisma");
  const schema = await readFile(schemaPath, "utf8");
  const updated = schema.replace(/model Widget \{\n/, `model Widget {\n  ${field}\n`);
  if (updated === schema) throw new Error("fixture has no model Widget");
  await writeFile(schemaPath, updated);
}
