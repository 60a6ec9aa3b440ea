/**
 * Set by test/support/globalSetup.ts: where this jest run keeps its seeded template (created on
 * first use). A module of its own, importing nothing: jest loads globalSetup without the
 * moduleNameMapper, so what it imports must not go through the path aliases.
 */
export const SEEDED_TEMPLATE_VARIABLE = "SEEDED_DATA_TEMPLATE";
