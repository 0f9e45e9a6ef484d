// The catalog the corpus page browses, for an index made outside the page (the CLI, or a server that built a missing
// index at its start): none exists, so the page's first visits are told the documents are being prepared, in the
// reader's language, one job builds it however many visits ask meanwhile, and the documents are then browsed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusImportsResponse, CorpusStatus } from "../../contract/corpusPage";
import type { DocumentsPage } from "../../contract/corpusExplore";
import type { UserError } from "../../contract/errors";
import { corpusApi } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an index without its catalog", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("says the documents are being prepared, builds the catalog with one job for all the visits, then lists them", async () => {
    const visits = await Promise.all([
      corpusApi<{ error: UserError }>(server.url, "GET", "/documents"),
      corpusApi<{ error: UserError }>(server.url, "GET", "/documents?sort=newest"),
      corpusApi<{ error: UserError }>(server.url, "GET", "/documents", undefined, {
        "accept-language": "en",
      }),
    ]);
    expect(visits.map((v) => v.status)).toEqual([503, 503, 503]);
    expect(visits[0]!.body.error).toMatchObject({ code: "corpus:catalog_missing" });
    expect(visits[0]!.body.error.message).toContain("se pregătesc");
    expect(visits[2]!.body.error.message).toContain("being prepared");

    const status = await corpusApi<CorpusStatus>(server.url, "GET", "/status");
    expect(["building", "ready"]).toContain(status.body.catalog);
    let ready = status.body;
    for (let i = 0; ready.catalog !== "ready" && i < 300; i++) {
      await sleep(100);
      ready = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    }
    expect(ready.catalog).toBe("ready");
    const imports = (await corpusApi<CorpusImportsResponse>(server.url, "GET", "/imports")).body.imports;
    expect(imports.filter((r) => r.op === "catalog").map((r) => r.status)).toEqual(["done"]);

    const documents = await corpusApi<DocumentsPage>(server.url, "GET", "/documents");
    expect(documents.status).toBe(200);
    expect(documents.body.total).toBe(ready.documents);
    expect(documents.body.documents.length).toBeGreaterThan(0);
  }, 60_000);
});
