import type { IncomingMessage } from "node:http";
import { prefersHtml } from "./prefersHtml";

const request = (method: string, accept?: string) => ({ method, headers: accept === undefined ? {} : { accept } }) as IncomingMessage;

describe("prefersHtml", () => {
  it.each([
    ["Chromium", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"],
    ["Firefox", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
    ["HTML ranked above JSON", "application/json;q=0.5, text/html"],
    ["HTML first of equals", "text/html, application/json"],
  ])("is a page for a GET from %s", (_name, accept) => {
    expect(prefersHtml(request("GET", accept))).toBe(true);
  });

  it.each([
    ["no Accept", undefined],
    ["*/*", "*/*"],
    ["JSON", "application/json"],
    ["GraphQL over HTTP", "application/graphql-response+json, application/json;q=0.9"],
    ["JSON first of equals", "application/json, text/html"],
    ["JSON ranked above HTML", "text/html;q=0.5, application/json"],
    ["HTML refused", "text/html;q=0, */*"],
    ["text/* only", "text/*"],
  ])("is GraphQL for a GET with %s", (_name, accept) => {
    expect(prefersHtml(request("GET", accept))).toBe(false);
  });

  it("is GraphQL for anything but GET", () => {
    for (const method of ["POST", "HEAD", "OPTIONS"]) expect(prefersHtml(request(method, "text/html"))).toBe(false);
  });
});
