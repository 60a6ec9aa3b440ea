/**
 * The IDE page's script: GraphiQL over the gateway's own endpoint. Bundled by `ideBundle.ts`
 * (esbuild) on the first IDE request; the page hands it its settings in `#ide-settings`.
 */
import "./monacoWorkers";
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";

/** What the gateway writes into the page (see idePage.ts). */
interface IdeSettings {
  /** The GraphQL endpoint, relative to the page. */
  endpoint: string;
  /** The header editor's content for a new tab (the demo key in development). */
  headers: string;
  /** The query of a new tab. */
  query: string;
}

const settings = JSON.parse(document.getElementById("ide-settings")?.textContent ?? "{}") as IdeSettings;
const fetcher = createGraphiQLFetcher({ url: new URL(settings.endpoint, location.href).href });
/** A link may carry the query to open: `/graphql?query={...}`. */
const linkedQuery = new URLSearchParams(location.search).get("query") ?? undefined;

createRoot(document.getElementById("graphiql")!).render(
  <GraphiQL
    fetcher={fetcher}
    initialQuery={linkedQuery}
    defaultQuery={settings.query}
    defaultHeaders={settings.headers}
    defaultEditorToolsVisibility="headers"
  />,
);
