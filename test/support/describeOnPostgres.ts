/**
 * `describe` when TEST_DATABASE_URL names a PostgreSQL server, otherwise `describe.skip` with a
 * title that says why: for suites that only mean something on PostgreSQL (several processes on
 * one database, row locks, real crashes), which PGlite's single in-process connection cannot give.
 */
export function describeOnPostgres(title: string, body: () => void): void {
  if (process.env.TEST_DATABASE_URL) describe(title, body);
  else describe.skip(`${title} (skipped: set TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test, to run it on PostgreSQL)`, body);
}
