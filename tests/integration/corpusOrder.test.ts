// The order in which the corpus page's jobs clean collections, against a real server (a temp corpus, real SQLite,
// hnswlib and the worker thread): the collection that was there first keeps its texts, and a newer import whose name
// sorts before it reports the texts it repeats as duplicates of the older one, through an import and a removal alike.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusJobResponse, CorpusStatus } from "../../contract/corpusPage";
import { corpusApi, importUpload, uploadCorpusFile, waitForImport } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";

const ZETA = [
  "Primarul din Valea Seacă a promis că asfaltează drumul spre gară până în toamnă.",
  "Consiliul local din Valea Seacă a aprobat bani pentru dispensarul nou al comunei.",
  "Profesorii din Valea Seacă spun că școala are nevoie de încălzire nouă înainte de iarnă.",
  "Locuitorii din Valea Seacă se plâng că autobuzul spre oraș trece doar de două ori pe zi.",
].map((text, i) => ({ id: `z${i + 1}`, text, platform: "facebook", date: `2025-05-0${i + 1}` }));
const ALFA = [
  { id: "a1", text: ZETA[1]!.text, platform: "forum", date: "2025-06-01" },
  {
    id: "a2",
    text: "Piața din Valea Seacă va fi renovată cu fonduri europene, anunță primăria.",
    platform: "forum",
    date: "2025-06-02",
  },
  { id: "a3", text: ZETA[3]!.text.toUpperCase(), platform: "forum", date: "2025-06-03" },
];
const BETA = [
  {
    id: "b1",
    text: "Biblioteca din Valea Seacă primește calculatoare noi pentru elevii din sat.",
    platform: "stiri",
    date: "2025-07-01",
  },
];
const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

describe("corpus page: collections are cleaned in the order they arrived", () => {
  let server: TestServer;
  const corpusDir = () => path.join(server.dir, "corpus");
  const cleanedIds = (name: string) =>
    readFileSync(path.join(corpusDir(), "cleaned", `${name}.jsonl`), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
  const documents = async (name: string) =>
    (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body.collections.find(
      (c) => c.name === name,
    )?.documents;
  const importJsonl = async (name: string, records: object[]): Promise<CorpusJobResponse> => {
    const preview = (await uploadCorpusFile(server.url, `${name}.jsonl`, jsonl(records))).body;
    return importUpload(server.url, preview.uploadId);
  };

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("an import named 'alfa' leaves 'zeta', there before it, every document, and counts the repeats as its duplicates", async () => {
    expect((await importJsonl("zeta", ZETA)).job?.status).toBe("done");
    expect(await documents("zeta")).toBe(4);

    const alfa = await importJsonl("alfa", ALFA);
    expect(alfa.job?.status).toBe("done");
    expect(alfa.record.clean).toMatchObject({ read: 3, kept: 1, dropped: 2 });
    expect(alfa.record.clean?.reasons.exact_duplicate).toBe(2);
    expect(alfa.record.clean?.examples.exact_duplicate).toEqual([
      expect.objectContaining({ id: "a1", duplicateOf: "z2" }),
      expect.objectContaining({ id: "a3", duplicateOf: "z4" }),
    ]);
    expect(cleanedIds("zeta")).toEqual(["z1", "z2", "z3", "z4"]);
    expect(cleanedIds("alfa")).toEqual(["a2"]);
    expect(await documents("zeta")).toBe(4);
    expect(await documents("alfa")).toBe(1);
  });

  it("a removal cleans the rest in the same order: 'zeta' keeps its documents", async () => {
    expect((await importJsonl("beta", BETA)).job?.status).toBe("done");
    const started = await corpusApi<CorpusJobResponse>(server.url, "DELETE", "/collections/beta");
    expect((await waitForImport(server.url, started.body.record.id)).job?.status).toBe("done");
    expect(cleanedIds("zeta")).toEqual(["z1", "z2", "z3", "z4"]);
    expect(cleanedIds("alfa")).toEqual(["a2"]);
    expect(await documents("zeta")).toBe(4);
  });
});
