// Integration tests for the corpus index: a real build (hnswlib files on disk) from a small fictional corpus,
// known-item search, filters, coded errors, incremental rebuilds and crash safety of the atomic swap.
import { appendFile, mkdtemp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildIndex,
  INDEX_FILES,
  indexDir,
  type IndexPhase,
  indexExists,
  readManifest,
  resumeFile,
} from "../../corpus/pipeline/buildIndex";
import type { CorpusRecord } from "../../contract/corpus";
import { openRetriever } from "../../corpus/retrieval/hybrid";
import { AppError } from "../../contract/errors";
import { DEFAULT_HASH_DIMENSIONS, HashEmbeddings } from "../../server/models/offline/hashEmbeddings";

const EMBEDDER = "offline:hash";
const embeddings = new HashEmbeddings();

type Fixture = Omit<CorpusRecord, "lang" | "url"> & { url?: string };

// Fictional texts written for this test; no quote is attributed to a real person.
const NEWS: Fixture[] = [
  {
    id: "n01",
    source: "Ziarul Exemplu",
    platform: "stiri",
    date: "2024-03-02",
    title: "Pensiile speciale, recalculate",
    text: "Guvernul a anunțat că pensiile speciale ale magistraților și ale parlamentarilor vor fi recalculate după o formulă nouă, bazată pe contributivitate.",
  },
  {
    id: "n02",
    source: "Ziarul Exemplu",
    platform: "stiri",
    date: "2024-04-11",
    title: "Autostrada Moldovei",
    text: "Lucrările la autostrada care leagă Moldova de Transilvania întârzie din cauza exproprierilor și a licitațiilor contestate în instanță.",
  },
  {
    id: "n03",
    source: "Ziarul Exemplu",
    platform: "stiri",
    date: "2024-05-20",
    text: "Ministerul Educației a trimis laptopuri și microbuze școlare în comunele din mediul rural, unde elevii fac zilnic kilometri pe jos până la școală.",
  },
  {
    id: "n04",
    source: "Agenția Fictivă",
    platform: "stiri",
    date: "2024-06-15",
    text: "Spitalele județene raportează lipsă de medici anesteziști; directorii cer bani pentru gărzi și locuințe de serviciu pentru tinerii rezidenți.",
  },
  {
    id: "n05",
    source: "Agenția Fictivă",
    platform: "stiri",
    date: "2024-07-01",
    text: "Prețul energiei electrice plafonat expiră în vară, iar furnizorii avertizează că facturile la curent ar putea crește pentru gospodării.",
  },
  {
    id: "n06",
    source: "Agenția Fictivă",
    platform: "stiri",
    date: "2024-08-09",
    text: "Fermierii afectați de secetă cer despăgubiri: recolta de porumb și floarea-soarelui a scăzut la jumătate în sudul țării.",
  },
  {
    id: "n07",
    source: "Monitorul Inventat",
    platform: "oficial",
    date: "2024-09-12",
    text: "Direcția anticorupție a deschis un dosar privind achizițiile de măști din pandemie, suspectând supraevaluarea contractelor cu firme de casă.",
  },
  {
    id: "n08",
    source: "Monitorul Inventat",
    platform: "oficial",
    date: "2024-10-03",
    text: "Românii din diaspora vor putea vota prin corespondență și la secții deschise timp de trei zile în orașele cu comunități mari.",
  },
  {
    id: "n09",
    source: "Ziarul Exemplu",
    platform: "stiri",
    date: "2024-11-18",
    text: "Inflația anuală a coborât sub opt procente, dar alimentele de bază, pâinea și uleiul, rămân mult mai scumpe decât acum doi ani.",
  },
  {
    id: "n10",
    source: "Ziarul Exemplu",
    platform: "stiri",
    date: "2025-01-07",
    text: "Taxa pe carbon pentru transporturi și clădiri intră în vigoare la nivel european; transportatorii români spun că vor scumpi cursele.",
  },
  {
    id: "n11",
    source: "Agenția Fictivă",
    platform: "stiri",
    date: "2025-02-14",
    text: "Tăierile ilegale de păduri din Carpați au fost documentate cu drone de voluntari, iar garda forestieră a confiscat camioane cu bușteni.",
  },
  {
    id: "n12",
    source: "Agenția Fictivă",
    platform: "stiri",
    date: "2025-03-01",
    text: "Bugetul apărării crește la 2,5% din PIB, bani destinați achiziției de tancuri, sisteme antiaeriene și modernizării bazelor militare.",
  },
];

const COMMENTS: Fixture[] = [
  {
    id: "f01",
    source: "Pagina Publică A",
    platform: "facebook",
    date: "2024-03-05",
    text: "Rușine! Pensiile speciale sunt o bătaie de joc, noi muncim o viață și primim firimituri.",
  },
  {
    id: "f02",
    source: "Pagina Publică A",
    platform: "facebook",
    date: "2024-06-20",
    text: "Am stat opt ore la urgențe cu copilul, niciun medic de gardă. Sistemul sanitar e la pământ.",
  },
  {
    id: "f03",
    source: "Pagina Publică B",
    platform: "facebook",
    date: "2024-07-03",
    text: "Factura la curent mi-a venit dublă luna asta, cine ne apără de furnizori?",
  },
  {
    id: "y01",
    source: "Canal Video C",
    platform: "youtube",
    date: "2024-10-05",
    text: "Am votat la Londra, coada a fost de patru ore dar a meritat, diaspora nu mai tace!",
  },
  {
    id: "y02",
    source: "Canal Video C",
    platform: "youtube",
    date: "2025-02-16",
    text: "Pădurile noastre pleacă cu camioanele și nimeni nu face nimic, hoții sunt protejați.",
  },
  {
    id: "y03",
    source: "Canal Video C",
    platform: "youtube",
    date: "2025-01-09",
    text: "Transportatorii o să pună taxa de carbon în prețul biletelor, tot noi plătim până la urmă.",
  },
];

// A long piece that becomes several chunks; the detail about the metro sits in its last sentences.
const LONG: Fixture = {
  id: "n13",
  source: "Revista Imaginară",
  platform: "stiri",
  date: "2024-12-01",
  title: "Transportul public în marile orașe",
  text: [
    "Primăriile marilor orașe au prezentat planuri ambițioase pentru transportul public în următorii ani.",
    "Consilierii locali au dezbătut ore întregi bugetul alocat autobuzelor electrice și tramvaielor noi.",
    "Opoziția din consiliu a acuzat întârzieri la licitații și lipsa unui calendar clar pentru livrări.",
    "Experții în urbanism spun că benzile dedicate sunt mai importante decât vehiculele noi.",
    "Asociațiile de bicicliști cer piste separate și parcări sigure lângă stațiile principale.",
    "Operatorii de transport se plâng de lipsa șoferilor și de salariile prea mici pentru program.",
    "Cetățenii intervievați spun că ar renunța la mașină dacă autobuzele ar veni la timp.",
    "În cartierele noi, stațiile lipsesc cu totul, iar locuitorii merg pe marginea drumului.",
    "Un raport independent arată că aglomerația costă economia locală sute de milioane anual.",
    "Primarii promit bilete integrate, valabile în autobuz, tramvai și tren metropolitan.",
    "Cea mai scumpă promisiune rămâne magistrala de metrou spre aeroport, amânată de trei ori.",
    "Constructorul metroului cere actualizarea prețurilor, invocând scumpirea oțelului și a betonului.",
  ].join(" "),
};

function toLine(record: Fixture): string {
  return JSON.stringify({ url: `https://exemplu.ro/${record.id}`, lang: "ro", ...record });
}

async function writeCorpus(corpusDir: string, news: Fixture[], comments: Fixture[]): Promise<void> {
  await mkdir(path.join(corpusDir, "cleaned"), { recursive: true });
  // Two bad lines: broken JSON and a record without text; both must be skipped and counted.
  const badLines = [
    '{"id": "rupt", "text": ',
    JSON.stringify({ id: "fara-text", source: "x", platform: "stiri" }),
  ];
  await writeFile(
    path.join(corpusDir, "cleaned", "stiri.jsonl"),
    [...news.map(toLine), ...badLines].join("\n"),
  );
  await writeFile(
    path.join(corpusDir, "cleaned", "comentarii.jsonl"),
    comments.map(toLine).join("\n") + "\n",
  );
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

describe("corpus index (hnswlib + BM25 on disk)", () => {
  let root: string;
  let corpusDir: string;
  const allNews = [...NEWS, LONG];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "echochamber-index-"));
    corpusDir = path.join(root, "corpus");
    await writeCorpus(corpusDir, allNews, COMMENTS);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** The index of dir holds `chunks` chunks, and its graph alone finds the top 5 an exact scan finds. */
  async function expectGraphAsExact(dir: string, chunks: number, queries: string[]): Promise<void> {
    const graph = await openRetriever({
      corpusDir: dir,
      embeddings,
      embedderId: EMBEDDER,
      exactScanBudget: 0,
    });
    const exact = await openRetriever({ corpusDir: dir, embeddings, embedderId: EMBEDDER });
    expect(graph.size).toBe(chunks);
    for (const query of queries) {
      expect(
        (await graph.search(query, { k: 5 })).map((p) => p.id),
        query,
      ).toEqual((await exact.search(query, { k: 5 })).map((p) => p.id));
    }
  }

  it("reports a missing index with its error code", async () => {
    expect(indexExists(corpusDir)).toBe(false);
    expect(await readManifest(corpusDir)).toBeNull();
    await expectCode(openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER }), "corpus:index_missing");
  });

  it("builds the index and describes it in the manifest", async () => {
    const progress: Record<IndexPhase, [number, number][]> = { read: [], embed: [], graph: [] };
    const manifest = await buildIndex({
      corpusDir,
      embeddings,
      embedderId: EMBEDDER,
      batchSize: 8,
      onProgress: (done, total, phase) => progress[phase].push([done, total]),
    });
    expect(indexExists(corpusDir)).toBe(true);
    expect(manifest.embedder).toBe(EMBEDDER);
    expect(manifest.dimensions).toBe(DEFAULT_HASH_DIMENSIONS);
    expect(manifest.documents).toBe(19);
    expect(manifest.chunks).toBeGreaterThan(19);
    expect(Object.keys(manifest.docHashes)).toHaveLength(19);
    expect(manifest.corpusHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.build).toMatchObject({
      embedded: manifest.chunks,
      reused: 0,
      resumed: 0,
      skippedLines: 2,
    });
    expect(manifest.hnsw).toMatchObject({ m: 10, efConstruction: 40, efSearch: 128, shards: 1 });
    for (const phase of ["embed", "graph"] as const) {
      const steps = progress[phase];
      expect(steps.length, phase).toBeGreaterThan(1);
      expect(steps.at(-1), phase).toEqual([manifest.chunks, manifest.chunks]);
      expect(
        steps.map(([done]) => done),
        phase,
      ).toEqual(steps.map(([done]) => done).sort((a, b) => a - b));
    }
    expect(progress.embed[0]).toEqual([0, manifest.chunks]);
    // The read of the corpus (and of a previous index) has a phase of its own, first, from 0 to its whole.
    expect(progress.read.length).toBeGreaterThan(1);
    expect(progress.read[0][0]).toBe(0);
    const [readDone, readTotal] = progress.read.at(-1)!;
    expect(readDone).toBe(readTotal);
    expect(manifest.build).toMatchObject({ mode: "full", reason: "no_previous" });
    expect(await readManifest(corpusDir)).toEqual(manifest);
    const entries = await readdir(corpusDir);
    expect(entries.filter((e) => e.startsWith("index."))).toEqual([]);
  });

  it("finds the right document for known-item queries, with or without diacritics", async () => {
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect(retriever.embedder).toBe(EMBEDDER);
    const cases: [string, string][] = [
      ["recalcularea pensiilor speciale ale magistratilor", "n01"],
      ["intarzieri la autostrada din cauza exproprierilor", "n02"],
      ["laptopuri si microbuze pentru scolile rurale", "n03"],
      ["lipsa medicilor anestezisti in spitale", "n04"],
      ["seceta a distrus recolta de porumb", "n06"],
      ["dosar anticoruptie pentru achizitia de masti", "n07"],
      ["Ţara îşi taie pădurile în Carpaţi, drone şi bușteni", "n11"],
      ["tancuri și sisteme antiaeriene pentru armată", "n12"],
      ["metroul spre aeroport a fost amanat", "n13"],
    ];
    for (const [query, docId] of cases) {
      const passages = await retriever.search(query, { k: 3 });
      expect(passages[0]?.docId, query).toBe(docId);
    }
    const [top] = await retriever.search("metroul spre aeroport a fost amanat", { k: 1 });
    expect(top.id).toMatch(/^n13#[1-9]$/);
    expect(top.meta).toEqual({
      source: "Revista Imaginară",
      date: "2024-12-01",
      platform: "stiri",
      url: "https://exemplu.ro/n13",
      title: "Transportul public în marile orașe",
    });
    expect(top.score).toBeGreaterThan(0);
    expect(top.score).toBeLessThanOrEqual(1);
  });

  it("returns nothing for an empty query and at most k passages, best first", async () => {
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect(await retriever.search("   ", { k: 5 })).toEqual([]);
    const passages = await retriever.search("pensiile speciale", { k: 4 });
    expect(passages).toHaveLength(4);
    const scores = passages.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(passages.map((p) => p.id)).size).toBe(4);
  });

  it("filters by platform, source and date range", async () => {
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    const onFacebook = await retriever.search("pensiile speciale", {
      k: 5,
      filters: { platform: ["facebook"] },
    });
    expect(onFacebook[0].docId).toBe("f01");
    expect(onFacebook.every((p) => p.meta.platform === "facebook")).toBe(true);

    const comments = await retriever.search("taxa pe carbon", {
      k: 10,
      filters: { platform: ["youtube", "Facebook"] },
    });
    expect(comments[0].docId).toBe("y03");
    expect(comments.every((p) => ["youtube", "facebook"].includes(p.meta.platform))).toBe(true);

    const inRange = await retriever.search("taxa pe carbon", {
      k: 10,
      filters: { dateFrom: "2024-07-01", dateTo: "2025-01-07" },
    });
    expect(inRange.length).toBeGreaterThan(0);
    expect(inRange[0].docId).toBe("n10");
    expect(inRange.every((p) => p.meta.date >= "2024-07-01" && p.meta.date <= "2025-01-07")).toBe(true);
    expect(inRange.map((p) => p.docId)).not.toContain("y03");

    const bySource = await retriever.search("pensii", { k: 10, filters: { source: ["Agenția Fictivă"] } });
    expect(bySource.every((p) => p.meta.source === "Agenția Fictivă")).toBe(true);

    const none = await retriever.search("pensiile speciale", { k: 5, filters: { dateFrom: "2030-01-01" } });
    expect(none).toEqual([]);
  });

  it("gives the same results through the HNSW graph as by exact scan", async () => {
    const exact = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    // A zero budget forbids exact scans, so every dense search walks the HNSW graph (with its filter callback).
    const graph = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER, exactScanBudget: 0 });
    const searches: [string, Parameters<typeof exact.search>[1]][] = [
      ["recalcularea pensiilor speciale ale magistratilor", { k: 5 }],
      ["factura la curent", { k: 5, filters: { platform: ["facebook"] } }],
      ["taxa pe carbon", { k: 5, filters: { dateFrom: "2024-07-01", dateTo: "2025-01-07" } }],
    ];
    for (const [query, options] of searches) {
      const viaGraph = await graph.search(query, options);
      expect(viaGraph.length, query).toBeGreaterThan(0);
      expect(viaGraph.map((p) => p.id)).toEqual((await exact.search(query, options)).map((p) => p.id));
    }
  });

  it("returns diverse passages with MMR", async () => {
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    const plain = await retriever.search("transport public autobuze tramvaie metrou", { k: 4 });
    const diverse = await retriever.search("transport public autobuze tramvaie metrou", { k: 4, mmr: true });
    expect(diverse).toHaveLength(4);
    expect(new Set(diverse.map((p) => p.id)).size).toBe(4);
    expect(diverse[0].id).toBe(plain[0].id);
    const docs = (list: typeof plain) => new Set(list.map((p) => p.docId)).size;
    expect(docs(diverse)).toBeGreaterThanOrEqual(docs(plain));
  });

  it("refuses to be queried by another embedder", async () => {
    await expectCode(
      openRetriever({ corpusDir, embeddings, embedderId: "openai:text-embedding-3-small" }),
      "corpus:embedder_mismatch",
    );
    const err = await openRetriever({ corpusDir, embeddings, embedderId: "ollama:nomic-embed-text" }).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).params).toEqual({ built: EMBEDDER, asked: "ollama:nomic-embed-text" });
  });

  it("refuses queries whose vectors have another size than the index", async () => {
    const retriever = await openRetriever({
      corpusDir,
      embeddings: new HashEmbeddings({ dimensions: 64 }),
      embedderId: EMBEDDER,
    });
    await expectCode(retriever.search("pensii", { k: 3 }), "corpus:embedder_mismatch");
  });

  it("re-embeds only added and changed documents and drops removed ones", async () => {
    const before = await readManifest(corpusDir);
    const added: Fixture = {
      id: "n14",
      source: "Ziarul Exemplu",
      platform: "stiri",
      date: "2025-03-10",
      text: "Parlamentul a votat legea privind energia eoliană offshore din Marea Neagră, cu parcuri la 40 de kilometri de țărm.",
    };
    const changed = NEWS.map((r) =>
      r.id === "n05"
        ? {
            ...r,
            text: "Plafonarea prețului la gaze naturale a fost prelungită până în primăvară pentru gospodării.",
          }
        : r,
    ).filter((r) => r.id !== "n09");
    await writeCorpus(corpusDir, [...changed, LONG, added], COMMENTS);

    const manifest = await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect(manifest.build).toMatchObject({
      embedded: 2,
      embeddedDocuments: 2,
      addedDocuments: 1,
      changedDocuments: 1,
      removedDocuments: 1,
    });
    expect(manifest.build.reused).toBe(manifest.chunks - 2);
    expect(manifest.documents).toBe(19);
    expect(manifest.docHashes.n05).not.toBe(before?.docHashes.n05);
    expect(manifest.docHashes.n01).toBe(before?.docHashes.n01);
    expect(manifest.docHashes.n09).toBeUndefined();
    expect(manifest.corpusHash).not.toBe(before?.corpusHash);

    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect(retriever.size).toBe(manifest.chunks);
    expect((await retriever.search("parcuri eoliene offshore in Marea Neagra", { k: 1 }))[0].docId).toBe(
      "n14",
    );
    expect((await retriever.search("plafonarea pretului la gaze", { k: 1 }))[0].docId).toBe("n05");
    const inflation = await retriever.search("inflatia si pretul painii si uleiului", { k: 10 });
    expect(inflation.map((p) => p.docId)).not.toContain("n09");
    // Reused vectors must equal freshly computed ones: a full rebuild gives the same results.
    const rebuilt = await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER, rebuild: true });
    expect(rebuilt.build.embedded).toBe(rebuilt.chunks);
    expect(rebuilt.corpusHash).toBe(manifest.corpusHash);
    const fresh = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    const query = "pensiile speciale ale magistratilor";
    expect(await fresh.search(query, { k: 5 })).toEqual(await retriever.search(query, { k: 5 }));
  });

  it("keeps the previous index usable when a build fails half way", async () => {
    const before = await readManifest(corpusDir);
    const failing = buildIndex({
      corpusDir,
      embeddings,
      embedderId: EMBEDDER,
      rebuild: true,
      batchSize: 4,
      onProgress: (done, _total, phase) => {
        if (phase === "embed" && done >= 8) throw new Error("simulated crash");
      },
    });
    await expect(failing).rejects.toThrow("simulated crash");
    expect(await readManifest(corpusDir)).toEqual(before);
    const entries = await readdir(corpusDir);
    expect(entries.filter((e) => e.startsWith("index.")).sort()).toEqual([]);
    const retriever = await openRetriever({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect((await retriever.search("pensiile speciale ale magistratilor", { k: 1 }))[0].docId).toBe("n01");
  });

  it("cleans up after a process that died mid-build, restoring a backup left between the two renames", async () => {
    const before = await readManifest(corpusDir);
    // pid 2^22 + 1 is above Linux's pid_max: no such process is alive.
    const deadPid = 4194305;
    await mkdir(path.join(corpusDir, `index.tmp-${deadPid}-1`));
    await writeFile(path.join(corpusDir, `index.tmp-${deadPid}-1`, "hnsw.bin"), "partial");
    await rename(path.join(corpusDir, "index"), path.join(corpusDir, `index.old-${deadPid}-2`));
    expect(indexExists(corpusDir)).toBe(false);

    const manifest = await buildIndex({ corpusDir, embeddings, embedderId: EMBEDDER });
    expect(manifest.build.embedded).toBe(0);
    expect(manifest.build.reused).toBe(before?.chunks);
    expect(manifest.corpusHash).toBe(before?.corpusHash);
    const entries = await readdir(corpusDir);
    expect(entries.filter((e) => e.startsWith("index."))).toEqual([]);
  });

  it("spreads the graph over shards and finds what an exact scan finds", async () => {
    const shardedDir = path.join(root, "sharded");
    await writeCorpus(shardedDir, allNews, COMMENTS);
    const manifest = await buildIndex({
      corpusDir: shardedDir,
      embeddings,
      embedderId: EMBEDDER,
      hnsw: { shards: 3 },
    });
    expect(manifest.hnsw.shards).toBe(3);
    const files = await readdir(indexDir(shardedDir));
    expect(files.filter((f) => f.startsWith("hnsw-")).sort()).toEqual([
      "hnsw-0.bin",
      "hnsw-1.bin",
      "hnsw-2.bin",
    ]);
    await expectGraphAsExact(shardedDir, manifest.chunks, [
      "pensiile speciale ale magistratilor",
      "metroul spre aeroport",
      "taxa pe carbon",
    ]);
  });

  it("grows past its first estimate (a line a chunk) when long texts make more chunks than lines", async () => {
    const longDir = path.join(root, "long-texts");
    // Every line a long article: several chunks a line, so the matrix and the graph grow while the corpus is read.
    const articles = Array.from({ length: 6 }, (_, i) => ({
      ...LONG,
      id: `lung-${i}`,
      title: `Articolul ${i}`,
    }));
    await writeCorpus(longDir, articles, []);
    const manifest = await buildIndex({ corpusDir: longDir, embeddings, embedderId: EMBEDDER, batchSize: 2 });
    expect(manifest.documents).toBe(6);
    // Six articles and writeCorpus's two bad lines: eight lines, more chunks.
    expect(manifest.chunks).toBeGreaterThan(8);
    await expectGraphAsExact(longDir, manifest.chunks, [
      "metroul spre aeroport",
      "scumpirea oțelului și a betonului",
    ]);
    // The vectors file holds exactly the chunks' rows, not the room the build kept for more.
    const vectors = await readFile(path.join(indexDir(longDir), INDEX_FILES.vectors));
    expect(vectors.byteLength).toBe(manifest.chunks * manifest.dimensions * 4);
  });

  it("resumes from the vectors an aborted build saved, up to a torn last record", async () => {
    const resumeDir = path.join(root, "resume");
    await writeCorpus(resumeDir, allNews, COMMENTS);
    const controller = new AbortController();
    const aborted = buildIndex({
      corpusDir: resumeDir,
      embeddings,
      embedderId: EMBEDDER,
      batchSize: 4,
      signal: controller.signal,
      onProgress: (done, _total, phase) => {
        if (phase === "embed" && done >= 8) controller.abort();
      },
    });
    await expect(aborted).rejects.toThrow();
    expect(indexExists(resumeDir)).toBe(false);
    expect((await readdir(resumeDir)).filter((e) => e.startsWith("index."))).toEqual([]);
    // A kill in the middle of a write leaves half a record behind.
    await appendFile(resumeFile(resumeDir), Buffer.alloc(100, 7));

    const manifest = await buildIndex({
      corpusDir: resumeDir,
      embeddings,
      embedderId: EMBEDDER,
      batchSize: 4,
    });
    expect(manifest.build).toMatchObject({ resumed: 8, embedded: manifest.chunks - 8, reused: 0 });
    await expect(readFile(resumeFile(resumeDir))).rejects.toThrow();
    const resumedVectors = await readFile(path.join(indexDir(resumeDir), INDEX_FILES.vectors));
    await buildIndex({ corpusDir: resumeDir, embeddings, embedderId: EMBEDDER, rebuild: true });
    expect(resumedVectors.equals(await readFile(path.join(indexDir(resumeDir), INDEX_FILES.vectors)))).toBe(
      true,
    );
  });

  it("does not resume from vectors of another embedder or size", async () => {
    const otherDir = path.join(root, "other-embedder");
    await writeCorpus(otherDir, allNews, COMMENTS);
    const abortedBuild = async (embedder: HashEmbeddings, embedderId: string) => {
      const controller = new AbortController();
      const build = buildIndex({
        corpusDir: otherDir,
        embeddings: embedder,
        embedderId,
        batchSize: 4,
        signal: controller.signal,
        onProgress: (done, _total, phase) => {
          if (phase === "embed" && done >= 8) controller.abort();
        },
      });
      await expect(build).rejects.toThrow();
    };
    await abortedBuild(new HashEmbeddings({ dimensions: 64 }), EMBEDDER);
    const afterOtherSize = await buildIndex({
      corpusDir: otherDir,
      embeddings,
      embedderId: EMBEDDER,
      rebuild: true,
    });
    expect(afterOtherSize.build).toMatchObject({ resumed: 0, embedded: afterOtherSize.chunks });
    expect(afterOtherSize.dimensions).toBe(DEFAULT_HASH_DIMENSIONS);

    await abortedBuild(embeddings, "test:another-embedder");
    const afterOtherId = await buildIndex({
      corpusDir: otherDir,
      embeddings,
      embedderId: EMBEDDER,
      rebuild: true,
    });
    expect(afterOtherId.build).toMatchObject({ resumed: 0, embedded: afterOtherId.chunks });
  });

  it("builds a usable empty index from an empty corpus", async () => {
    const emptyDir = path.join(root, "empty");
    const manifest = await buildIndex({ corpusDir: emptyDir, embeddings, embedderId: EMBEDDER });
    expect(manifest).toMatchObject({ chunks: 0, documents: 0, dimensions: DEFAULT_HASH_DIMENSIONS });
    const retriever = await openRetriever({ corpusDir: emptyDir, embeddings, embedderId: EMBEDDER });
    expect(retriever.size).toBe(0);
    expect(await retriever.search("pensii", { k: 3 })).toEqual([]);
  });
});
