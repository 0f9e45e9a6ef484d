// Documents compete, not chunks, on a real index (hnswlib files, document BM25 on disk): a fixture written for
// this test where ranking chunks fails (short comments that each share two words with the query beat every
// chunk of the long article that holds all of them, spread over its chunks) and ranking documents succeeds.
// Also: passage granularity, several passages of one document, an index of an older format, and character
// pieces that rescore the candidates (a misspelt word that whole-word terms miss).
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../contract/errors";
import { chunkSearchText } from "../../corpus/pipeline/chunk";
import {
  buildIndex,
  INDEX_FILES,
  INDEX_FORMAT_VERSION,
  indexDir,
  readManifest,
  readStoredChunks,
} from "../../corpus/pipeline/buildIndex";
import { Bm25Index } from "../../corpus/retrieval/bm25";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { openRuntime } from "../../server/bootstrap";
import { HashEmbeddings } from "../../server/models/offline/hashEmbeddings";
import { testConfig } from "../support/fixtures";

const EMBEDDER = "offline:hash";
const embeddings = new HashEmbeddings();
const QUERY = "recalcularea pensiilor magistraților după decizia Curții Constituționale";

// Fictional texts written for this test. The article's query words sit in different paragraphs, far apart.
const FILLER = [
  "Ședința a început cu o întârziere de o oră, iar sala a fost plină de jurnaliști și de invitați.",
  "Mai mulți participanți au vorbit despre bugetul pe anul viitor și despre investițiile în drumuri.",
  "Reprezentanții sindicatelor au cerut un calendar clar și au anunțat că vor urmări fiecare etapă.",
  "Discuțiile au continuat după-amiază, cu o pauză scurtă pentru o conferință de presă la etajul doi.",
  "Un consilier a amintit că spitalele județene așteaptă de mult aparatură nouă și personal.",
  "Opoziția a criticat lipsa de transparență și a promis o moțiune în sesiunea de toamnă.",
];
const ARTICLE = {
  id: "art-pensii",
  title: "Ce s-a discutat la ședința de guvern",
  source: "Gazeta Test",
  platform: "stiri",
  date: "2025-03-10",
  text: [
    ...FILLER,
    "Ministrul a prezentat un proiect privind pensiile speciale ale magistraților, fără cifre.",
    ...FILLER.slice().reverse(),
    "Secretarul general a explicat că recalcularea se va face pe baza contribuțiilor efective.",
    ...FILLER,
    "Textul a fost redactat după decizia Curții Constituționale din primăvară.",
    ...FILLER.slice().reverse(),
  ].join(" "),
};
const OTHER_ARTICLES = [
  "drumuri județene și asfaltări întârziate",
  "prețul energiei și facturile de iarnă",
  "școli renovate din fonduri europene",
].map((topic, i) => ({
  id: `art-${i}`,
  title: `Despre ${topic}`,
  source: "Gazeta Test",
  platform: "stiri",
  date: "2025-03-11",
  text: [`Articolul tratează ${topic}.`, ...FILLER, ...FILLER].join(" "),
}));
const COMMENTS = [
  "Recalcularea pensiilor? Vorbe goale, ca de fiecare dată.",
  "Magistrații au pensii uriașe și nimeni nu face nimic.",
  "Curtea Constituțională a dat o decizie și gata, ne-am liniștit.",
  "Pensiile mici rămân mici, recalculare pentru alții.",
  "Am votat degeaba, tot ei conduc.",
  "Drumul spre satul meu e tot plin de gropi.",
  "Factura la curent a venit dublă luna asta.",
  "Felicitări profesorilor care rămân la țară!",
].map((text, i) => ({
  id: `c${i + 1}`,
  text,
  source: "Pagina Test (comentarii)",
  platform: "facebook",
  date: "2025-03-12",
}));

describe("documents compete, not chunks", () => {
  let root: string;
  let corpusDir: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "echochamber-documents-"));
    corpusDir = path.join(root, "corpus");
    await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
    const lines = [ARTICLE, ...OTHER_ARTICLES, ...COMMENTS].map((r) => JSON.stringify({ url: "", ...r }));
    await writeFile(path.join(corpusDir, "cleaned", "test.jsonl"), `${lines.join("\n")}\n`);
    await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("finds the long article that chunk-level ranking misses", async () => {
    const chunks = await readStoredChunks(indexDir(corpusDir));
    const articleChunks = chunks.filter((c) => c.docId === ARTICLE.id);
    expect(articleChunks.length).toBeGreaterThanOrEqual(3);

    // Chunks competing, as the retriever used to rank them: every comment that shares two words with the
    // query comes before any chunk of the article.
    const chunkBm25 = Bm25Index.fromTexts(chunks.map(chunkSearchText));
    const byChunk = chunkBm25.search(QUERY, 5).map((hit) => chunks[hit.doc].docId);
    expect(byChunk.slice(0, 3)).toEqual(expect.arrayContaining(["c1", "c2", "c3"]));
    expect(byChunk.indexOf(ARTICLE.id)).not.toBe(0);

    // Documents competing: the article holds every word of the query and comes first, once.
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    for (const mode of ["hybrid", "bm25"] as const) {
      const results = await retriever.search(QUERY, { k: 5, mode });
      expect(results[0].docId, mode).toBe(ARTICLE.id);
      expect(new Set(results.map((r) => r.docId)).size, mode).toBe(results.length);
    }
  });

  it("brings a document's best passages, and keeps passage-level results when asked", async () => {
    const retriever = await openRetriever({
      corpusDir,
      embeddings,
      embedderId: EMBEDDER,
      passages: { maxPerDocument: 3, minShareOfBest: 0 },
    });
    const [article] = await retriever.search(QUERY, { k: 3 });
    expect(article.docId).toBe(ARTICLE.id);
    expect(article.otherPassages).toHaveLength(2);
    const ids = [article.id, ...(article.otherPassages ?? []).map((p) => p.id)];
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => id.startsWith(`${ARTICLE.id}#`))).toBe(true);
    expect(article.otherPassages?.every((p) => p.score <= 1 && p.text.length > 0)).toBe(true);

    const passages = await retriever.search(QUERY, { k: 8, granularity: "passage" });
    expect(passages.filter((p) => p.docId === ARTICLE.id).length).toBeGreaterThan(1);
    expect(passages.every((p) => p.otherPassages === undefined)).toBe(true);
  });

  it("keeps filters inside the document search", async () => {
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    const results = await retriever.search(QUERY, { k: 5, filters: { platform: ["facebook"] } });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.meta.platform === "facebook")).toBe(true);
  });

  it("refuses an index of an older format with a rebuild message, and the rebuild reuses its vectors", async () => {
    const manifestFile = path.join(indexDir(corpusDir), INDEX_FILES.manifest);
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { version: number };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, version: 2 }));
    const err = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("corpus:index_outdated");
    const rebuilt = await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect(rebuilt.build.embedded).toBe(0);
    expect(rebuilt.build.reused).toBe(rebuilt.chunks);
    expect((await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER })).size).toBe(rebuilt.chunks);
  });

  it("is built anew, reusing its vectors, by a server that starts on it (openRuntime), not by `search`", async () => {
    const manifestFile = path.join(indexDir(corpusDir), INDEX_FILES.manifest);
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { version: number };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, version: 2 }));
    const config = testConfig({ CORPUS_DIR: corpusDir, EMBEDDINGS: EMBEDDER });
    // `search` (and any command that does not build) names the fix.
    await expect(openRuntime({ config })).rejects.toMatchObject({ code: "corpus:index_outdated" });
    // The server and `ask` build it before opening it: an upgrade does not need a terminal.
    const runtime = await openRuntime({ config, buildIfMissing: true });
    const built = (await readManifest(corpusDir))!;
    expect(built.version).toBe(INDEX_FORMAT_VERSION);
    expect(built.build).toMatchObject({ embedded: 0, reused: built.chunks });
    expect(runtime.retriever.size).toBe(built.chunks);
    expect((await runtime.retriever.search(QUERY, { k: 1 }))[0]?.docId).toBe(ARTICLE.id);
  });
});

describe("character pieces rescore the candidates", () => {
  let root: string;
  let corpusDir: string;
  // Fictional texts: both hold "votat" and "bugetul"; the comment is shorter, so whole words rank it first.
  const target = "Parlamentarii au votat bugetul spitalelor.";
  const records = [
    { id: "stire", text: target },
    { id: "comentariu", text: "Consilierii au votat bugetul." },
    { id: "altul", text: "Pensionarii așteaptă recalcularea promisă de mult." },
    { id: "inca-unul", text: "Școlile din județ au primit bani pentru renovare." },
  ].map((r) => ({ ...r, source: "Pagina Test", platform: "facebook", date: "2025-03-12", url: "" }));
  const query = "prlamentarii votat bugetul";

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "echochamber-pieces-"));
    corpusDir = path.join(root, "corpus");
    await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
    const lines = records.map((r) => JSON.stringify(r));
    await writeFile(path.join(corpusDir, "cleaned", "test.jsonl"), `${lines.join("\n")}\n`);
    await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores the pieces' statistics and settings with the index", async () => {
    const manifest = JSON.parse(await readFile(path.join(indexDir(corpusDir), INDEX_FILES.manifest), "utf8"));
    expect(manifest.pieces).toMatchObject({ titleWeight: 1 });
    const pieces = JSON.parse(await readFile(path.join(indexDir(corpusDir), INDEX_FILES.pieces), "utf8"));
    expect(pieces.docLengths).toHaveLength(records.length);
  });

  it("puts the document of a misspelt word first, which the words alone rank second", async () => {
    const wordsOnly = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER, pieceWeight: 0 });
    const withPieces = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    const ids = async (retriever: typeof withPieces, mode: "bm25" | "hybrid") =>
      (await retriever.search(query, { k: 3, mode })).map((r) => r.docId);
    expect((await ids(wordsOnly, "bm25")).slice(0, 2)).toEqual(["comentariu", "stire"]);
    expect((await ids(withPieces, "bm25"))[0]).toBe("stire");
    expect((await ids(withPieces, "hybrid"))[0]).toBe("stire");
    // Scores stay on 0..1, best first.
    const results = await withPieces.search(query, { k: 3 });
    expect(
      results.every((r, i) => r.score > 0 && r.score <= 1 && (i === 0 || r.score <= results[i - 1].score)),
    ).toBe(true);
  });
});
