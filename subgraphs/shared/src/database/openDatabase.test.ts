import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createTestDatabaseTarget, type TestDatabaseTarget } from "../../../../test/support/testDatabase";
import {
  copyFixture,
  fixtureMigrationNames,
  fixturePrismaDir,
  queryRows,
  removeFixtureCopies,
  tablesInSchemasSql,
} from "./__fixtures__/fixtures";
import { MigrationError, openDatabase, type Database } from ".";

const opened: Database[] = [];
async function open(...args: Parameters<typeof openDatabase>): Promise<Database> {
  const database = await openDatabase(...args);
  opened.push(database);
  return database;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
  await removeFixtureCopies();
});

describe("openDatabase on an in-memory PGlite", () => {
  it("applies the committed migrations once, with _prisma_migrations in the domain's schema", async () => {
    const database = await open("widgets", { kind: "pglite" }, { prismaDir: fixturePrismaDir("widgets") });

    await expect(database.migrate()).resolves.toEqual(fixtureMigrationNames.widgets);
    await expect(database.migrate()).resolves.toEqual([]);

    expect(await queryRows(database, tablesInSchemasSql(["public", "widgets"]))).toEqual([
      ["widgets.Part"],
      ["widgets.Widget"],
      ["widgets._prisma_migrations"],
    ]);
    await queryRows(database, `INSERT INTO widgets."Widget" (id, name, size) VALUES ('w1', 'Sprocket', 'SMALL')`);
    expect(await queryRows(database, `SELECT name FROM widgets."Widget"`)).toEqual([["Sprocket"]]);
  });

  it("takes the test realm's dates as query parameters (PGlite runs in the host's realm)", async () => {
    const database = await open("widgets", { kind: "pglite" }, { prismaDir: fixturePrismaDir("widgets") });
    const connection = await database.adapter.connect();
    try {
      const result = await connection.queryRaw({
        sql: "SELECT to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')",
        args: [new Date("2026-01-01T06:00:00.123Z")],
        argTypes: [{ scalarType: "datetime", arity: "scalar" }],
      });
      expect(result.rows).toEqual([["2026-01-01 06:00:00.123"]]);
    } finally {
      await connection.dispose();
    }
  });

  it("has nothing to apply for a domain without migrations", async () => {
    const database = await open("widgets", { kind: "pglite" }, { prismaDir: path.join(tmpdir(), "no-such-prisma-dir") });
    await expect(database.migrate()).resolves.toEqual([]);
  });
});

describe("openDatabase on a PGlite data directory", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), "db-pglite-")), "widgets");
  });
  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it("keeps data and applied migrations across a reopen", async () => {
    const options = { prismaDir: fixturePrismaDir("widgets") };
    const first = await open("widgets", { kind: "pglite", dataDir }, options);
    await expect(first.migrate()).resolves.toEqual(fixtureMigrationNames.widgets);
    await queryRows(first, `INSERT INTO widgets."Widget" (id, name, size) VALUES ('w1', 'Sprocket', 'LARGE')`);
    await first.close();

    const reopened = await open("widgets", { kind: "pglite", dataDir }, options);
    await expect(reopened.migrate()).resolves.toEqual([]);
    expect(await queryRows(reopened, `SELECT id, size FROM widgets."Widget"`)).toEqual([["w1", "LARGE"]]);
  });

  it("applies only the migrations added since the last run", async () => {
    const prismaDir = await copyFixture("widgets");
    const first = await open("widgets", { kind: "pglite", dataDir }, { prismaDir });
    await first.migrate();
    await first.close();

    await addMigration(prismaDir, "20240301000000_add_colour", `ALTER TABLE "widgets"."Widget" ADD COLUMN "colour" TEXT;`);
    const reopened = await open("widgets", { kind: "pglite", dataDir }, { prismaDir });
    await expect(reopened.migrate()).resolves.toEqual(["20240301000000_add_colour"]);
  });
});

/** The same behaviour on PostgreSQL (fresh database) when TEST_DATABASE_URL is set, else on an in-memory PGlite. */
describe("migrations on the test database target", () => {
  let testDatabase: TestDatabaseTarget;
  beforeEach(async () => {
    testDatabase = await createTestDatabaseTarget();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
    await testDatabase.dispose();
  });

  it("applies migrations once and reaches the tables through the Prisma adapter", async () => {
    const database = await open("widgets", testDatabase.target, { prismaDir: fixturePrismaDir("widgets") });
    await expect(database.migrate()).resolves.toEqual(fixtureMigrationNames.widgets);
    await expect(database.migrate()).resolves.toEqual([]);
    expect(await queryRows(database, `SELECT migration_name, finished_at IS NOT NULL FROM widgets._prisma_migrations`)).toEqual([
      ["20240101000000_init", true],
    ]);
  });

  it("fails with the domain and migration named, applies nothing of it and does not record it as applied", async () => {
    const prismaDir = await copyFixture("widgets");
    await addMigration(
      prismaDir,
      "20240201000000_broken",
      `ALTER TABLE "widgets"."Widget" ADD COLUMN "colour" TEXT;\nALTER TABLE "widgets"."NoSuchTable" ADD COLUMN "x" INTEGER;\n`,
    );
    const database = await open("widgets", testDatabase.target, { prismaDir });

    const failure = await database.migrate().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure).toMatchObject({ domain: "widgets", migrationName: "20240201000000_broken" });
    expect((failure as Error).message).toMatch(/^Domain "widgets": applying migration 20240201000000_broken failed\.\n.*NoSuchTable/s);

    expect(await queryRows(database, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Widget' AND column_name = 'colour'`)).toEqual([]);
    expect(await queryRows(database, `SELECT migration_name, finished_at IS NOT NULL FROM widgets._prisma_migrations ORDER BY 1`)).toEqual([
      ["20240101000000_init", true],
      ["20240201000000_broken", false],
    ]);
    // Later runs refuse to go on until someone resolves it, and say which migration it is.
    await expect(database.migrate()).rejects.toThrow(/Domain "widgets".*\n(.|\n)*20240201000000_broken/);
  });

  it("runs a migration script whole: semicolons inside strings and function bodies survive", async () => {
    const prismaDir = await copyFixture("widgets");
    await addMigration(
      prismaDir,
      "20240201000000_function",
      [
        `CREATE FUNCTION "widgets".label(name TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$`,
        `BEGIN RETURN 'widget; ' || name; END;`,
        `$$;`,
        `INSERT INTO "widgets"."Widget" (id, name, size) VALUES ('w;1', 'a;b', 'SMALL');`,
      ].join("\n"),
    );
    const database = await open("widgets", testDatabase.target, { prismaDir });
    await expect(database.migrate()).resolves.toEqual(["20240101000000_init", "20240201000000_function"]);
    expect(await queryRows(database, `SELECT widgets.label(name) FROM widgets."Widget"`)).toEqual([["widget; a;b"]]);
  });
});

describe("openDatabase errors", () => {
  it("names the domain when PostgreSQL cannot be reached", async () => {
    const database = await open("widgets", { kind: "postgres", url: "postgres://postgres@127.0.0.1:1/none" }, { prismaDir: fixturePrismaDir("widgets") });
    await expect(database.migrate()).rejects.toThrow(/^Domain "widgets": applying migrations failed\.\nCannot create schema "widgets": .*ECONNREFUSED/);
  });

  it("names the domain when the PGlite data directory cannot be created", async () => {
    const fileInTheWay = path.join(await mkdtemp(path.join(tmpdir(), "db-blocked-")), "file");
    await writeFile(fileInTheWay, "");
    await expect(openDatabase("widgets", { kind: "pglite", dataDir: path.join(fileInTheWay, "widgets") })).rejects.toThrow(
      /^Domain "widgets": cannot open PGlite .*file\/widgets: /,
    );
    await rm(path.dirname(fileInTheWay), { recursive: true });
  });
});

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres("two domains sharing one PostgreSQL database", () => {
  let testDatabase: TestDatabaseTarget;
  beforeEach(async () => {
    testDatabase = await createTestDatabaseTarget();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
    await testDatabase.dispose();
  });

  it("land in two schemas, each with its own _prisma_migrations", async () => {
    const widgets = await open("widgets", testDatabase.target, { prismaDir: fixturePrismaDir("widgets") });
    const gadgets = await open("gadgets", testDatabase.target, { prismaDir: fixturePrismaDir("gadgets") });

    await expect(widgets.migrate()).resolves.toEqual(fixtureMigrationNames.widgets);
    await expect(gadgets.migrate()).resolves.toEqual(fixtureMigrationNames.gadgets);
    await expect(widgets.migrate()).resolves.toEqual([]);

    expect(await queryRows(widgets, tablesInSchemasSql(["public", "widgets", "gadgets"]))).toEqual([
      ["gadgets.Gadget"],
      ["gadgets._prisma_migrations"],
      ["widgets.Part"],
      ["widgets.Widget"],
      ["widgets._prisma_migrations"],
    ]);
    expect(await queryRows(gadgets, `SELECT migration_name FROM gadgets._prisma_migrations`)).toEqual([["20240102000000_init"]]);
  });
});

onPostgres("a PostgreSQL connection the server drops", () => {
  let testDatabase: TestDatabaseTarget;
  beforeEach(async () => {
    testDatabase = await createTestDatabaseTarget();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
    await testDatabase.dispose();
  });

  it("is replaced rather than crashing the process (a server restart, DROP DATABASE ... WITH (FORCE))", async () => {
    const database = await open("widgets", testDatabase.target, { prismaDir: fixturePrismaDir("widgets") });
    await database.migrate();
    expect(await queryRows(database, "SELECT 1")).toEqual([[1]]);

    // The pool now holds an idle connection; the server ends it, as a restart would.
    const admin = new pg.Client({ connectionString: (testDatabase.target as { url: string }).url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await queryRows(database, "SELECT 2")).toEqual([[2]]);
  });
});

async function addMigration(prismaDir: string, name: string, sql: string): Promise<void> {
  const directory = path.join(prismaDir, "migrations", name);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, "migration.sql"), sql);
}
