// Bad input on the corpus page, against a real server with small limits: a file of the wrong type, a binary file,
// an empty one, one over the upload limit (streamed, refused at the limit), an encoding no supported code page reads,
// and feeds fetched from a local HTTP server (a feed, a page that is not a feed, one that hangs, one too large, a
// closed port). Each gets a coded error in the asker's language, and the corpus and its index stay as they were.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorpusPreview, CorpusStatus } from "../../contract/corpusPage";
import { corpusApi, importUpload, uploadCorpusFile, uploadReadingEarlyAnswer } from "../support/corpus";
import { startTestServer, type TestServer } from "../support/server";

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "fixtures", "import");

type ErrorBody = { error: { code: string; message: string } };

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Gazeta Câmpiei</title>
<item><title>Podul de la Ciulnița se redeschide</title><link>https://gazeta.example/pod</link>
<pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate><guid>pod-1</guid>
<description>&lt;p&gt;Podul peste Ialomița de la Ciulnița se redeschide circulației după doi ani de lucrări.&lt;/p&gt;</description></item>
<item><title>Târgul de primăvară</title><link>https://gazeta.example/targ</link>
<pubDate>Tue, 11 Mar 2025 08:00:00 GMT</pubDate><guid>targ-1</guid>
<description>Târgul de primăvară din Slobozia aduce producători locali din tot județul.</description></item>
</channel></rss>`;

/** A local stand-in for the web: a feed, an HTML page, a feed that never ends, a feed too large. */
function startFeedServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/flux.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
      res.end(RSS);
    } else if (req.url === "/rupt.xml") {
      // A feed that declares Windows-1250 and holds one byte that code page does not define (0x98).
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const feed = RSS.replace('encoding="UTF-8"', 'encoding="windows-1250"');
      const at = feed.indexOf("Ciulnița se");
      const legacy = (text: string) => iconv.encode(text, "windows-1250");
      res.end(Buffer.concat([legacy(feed.slice(0, at)), Buffer.from([0x98]), legacy(feed.slice(at))]));
    } else if (req.url === "/pagina") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html><body><p>Nu e un flux.</p></body></html>");
    } else if (req.url === "/agata.xml") {
      // Headers, the start of a feed, then nothing: a server that hangs mid-answer.
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    } else if (req.url === "/mare.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      res.end("<!-- umplutură -->".repeat(200_000));
    } else if (req.url === "/lipsa.xml") {
      res.writeHead(404);
      res.end("not found");
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

describe("corpus page: bad input gets a clear error and changes nothing", () => {
  let server: TestServer;
  let feeds: { server: Server; url: string };
  let before: CorpusStatus;

  beforeAll(async () => {
    server = await startTestServer({
      CORPUS_MAX_UPLOAD_MB: "1",
      CORPUS_FEED_TIMEOUT_MS: "800",
      CORPUS_FEED_MAX_MB: "1",
    });
    feeds = await startFeedServer();
    before = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
  }, 60_000);

  afterAll(async () => {
    feeds?.server.closeAllConnections();
    await new Promise((resolve) => feeds?.server.close(resolve));
    await server?.close();
  });

  const uploadsLeft = () => readdirSync(path.join(server.dir, "data", "corpus-uploads"));

  it("refuses a binary file, in Romanian and in English", async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(200, 7),
    ]);
    const ro = await uploadCorpusFile<ErrorBody>(server.url, "poza.csv", png);
    expect(ro.status).toBe(422);
    expect(ro.body.error).toMatchObject({ code: "corpus:binary" });
    expect(ro.body.error.message).toBe(
      "Fișierul „poza.csv” pare binar (imagine PNG), nu text. Încărcați CSV, TSV, XLSX, JSONL, TXT, RSS/Atom sau comentarii YouTube (yt-dlp).",
    );
    const en = await uploadCorpusFile<ErrorBody>(server.url, "poza.csv", png, { "accept-language": "en" });
    expect(en.body.error.message).toBe(
      'The file "poza.csv" looks binary (a PNG image), not text. Upload CSV, TSV, XLSX, JSONL, TXT, RSS/Atom or YouTube comments (yt-dlp).',
    );
  });

  it("refuses a file of the wrong type and an empty file", async () => {
    const wrong = await uploadCorpusFile<ErrorBody>(server.url, "notite.xyz", "doar un rând fără structură");
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("corpus:wrong_type");
    const html = await uploadCorpusFile<ErrorBody>(
      server.url,
      "pagina.xml",
      "<html><body>nu e flux</body></html>",
    );
    expect(html.body.error.code).toBe("corpus:wrong_type");
    const empty = await uploadCorpusFile<ErrorBody>(server.url, "gol.csv", "");
    expect(empty.body.error).toMatchObject({ code: "corpus:empty", message: "Fișierul „gol.csv” este gol." });
  });

  it("streams a file over the limit to the limit and refuses it, naming the setting", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
    const res = await uploadReadingEarlyAnswer(server.url, "mare.csv", big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("corpus:upload_too_large");
    expect(res.body.error.message).toBe(
      "Fișierul este prea mare: limita este 1 MB (CORPUS_MAX_UPLOAD_MB). Împărțiți-l sau cereți mărirea limitei.",
    );
  });

  it("refuses an encoding it cannot recognise, and reads the file once the person names one", async () => {
    const russian = iconv.encode(
      "id;text\n1;Правительство объявило, что пенсии вырастут в следующем году, сказал министр.\n" +
        "2;Граждане требуют новых школ и больниц в каждом районе нашей страны.\n",
      "windows-1251",
    );
    const res = await uploadCorpusFile<ErrorBody>(server.url, "rusa.csv", russian, {
      "accept-language": "en",
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("corpus:encoding_unknown");
    expect(res.body.error.message).toContain('The encoding of "rusa.csv" could not be recognised');
  });

  it("says in English why a UTF-8 file with a stray byte does not read: bytes the guessed code page lacks", async () => {
    // Romanian in UTF-8 with one Latin-1 byte (é): not UTF-8, so the code page is guessed (windows-1250), where the
    // second byte of each "ă" (0x83) is no character: 7 of them. An English page got the Romanian detail.
    const text =
      "id;text\n1;Guvernul a anunțat că pensiile vor crește în anul următor, a spus ministrul.\n" +
      "2;Cetățenii cer școli și spitale noi în fiecare cartier, iar primăria tace.\n" +
      "3;Bugetul pentru sănătate rămâne mic în fața nevoilor județului.\n";
    const stray = Buffer.concat([Buffer.from(text, "utf8"), Buffer.from("4;Caf\xe9\n", "latin1")]);
    type DetailBody = { error: { code: string; message: string; params: Record<string, string> } };
    const en = await uploadCorpusFile<DetailBody>(server.url, "stricat.csv", stray, {
      "accept-language": "en",
    });
    expect(en.status).toBe(422);
    expect(en.body.error).toMatchObject({
      code: "corpus:encoding_unknown",
      params: {
        encoding: "windows-1250",
        detail: "7 octeți fără caracter în această codificare",
        detailEn: "7 bytes with no character in this encoding",
      },
    });
    expect(en.body.error.message).toContain('The encoding of "stricat.csv" could not be recognised');
  });

  it("previews an XLSX workbook like a CSV", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Date");
    sheet.addRow(["Text", "Sursa"]);
    sheet.addRow(["Școala din Slobozia are un laborator nou de robotică pentru elevi.", "Pagina Școlii"]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await uploadCorpusFile<CorpusPreview>(server.url, "scoala.xlsx", bytes);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: "xlsx", tabular: true, columns: ["Text", "Sursa"] });
    expect(res.body.suggested.text).toBe("Text");
    await corpusApi(server.url, "DELETE", `/uploads/${res.body.uploadId}`);
  });

  it("previews every other format the CLI imports: TSV, JSON Lines, TXT, RSS, Atom, yt-dlp comments", async () => {
    const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
    const cases: [string, Buffer | string, Partial<CorpusPreview>][] = [
      [
        "voturi.tsv",
        "text\tsursa\nPrimarul a promis asfalt nou pe strada Morii până în toamnă.\tPagina Orașului\n",
        { format: "csv", tabular: true, columns: ["text", "sursa"] },
      ],
      ["comentarii.jsonl", fixture("comentarii.jsonl"), { format: "jsonl", tabular: true }],
      ["paragrafe.txt", fixture("paragrafe.txt"), { format: "txt", tabular: false }],
      ["flux-rss.xml", fixture("flux-rss.xml"), { format: "feed", tabular: false }],
      ["flux-atom.xml", fixture("flux-atom.xml"), { format: "feed", tabular: false }],
      ["dezbatere.info.json", fixture("dezbatere.info.json"), { format: "youtube", tabular: false }],
    ];
    for (const [name, content, expected] of cases) {
      const res = await uploadCorpusFile<CorpusPreview>(server.url, name, content);
      expect(res.status, name).toBe(201);
      expect(res.body, name).toMatchObject(expected);
      if (res.body.tabular) expect(res.body.rows.length, name).toBeGreaterThan(0);
      else expect(res.body.documents.length, name).toBeGreaterThan(0);
      await corpusApi(server.url, "DELETE", `/uploads/${res.body.uploadId}`);
    }
  });

  it("fetches a feed by its address, previews its items and imports it", async () => {
    const res = await corpusApi<CorpusPreview>(server.url, "POST", "/feeds", {
      url: `${feeds.url}/flux.xml`,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      format: "feed",
      tabular: false,
      fileName: "127.0.0.1-flux.xml",
      feedUrl: `${feeds.url}/flux.xml`,
      defaults: { collection: "127.0.0.1-flux", platform: "rss", source: "Gazeta Câmpiei" },
    });
    expect(res.body.documents.map((d) => d.title)).toEqual([
      "Podul de la Ciulnița se redeschide",
      "Târgul de primăvară",
    ]);
    const done = await importUpload(server.url, res.body.uploadId);
    expect(done.job?.status).toBe("done");
    expect(done.record.clean?.kept).toBe(2);
  });

  it("says a fetched feed's warnings in the asker's language, and as codes", async () => {
    const url = `${feeds.url}/rupt.xml`;
    const ro = await corpusApi<CorpusPreview>(server.url, "POST", "/feeds", { url });
    expect(ro.status).toBe(201);
    expect(ro.body.documents).toHaveLength(2);
    expect(ro.body.warnings).toEqual(["1 caracter nu a putut fi decodat cu Windows-1250"]);
    const en = await corpusApi<CorpusPreview>(
      server.url,
      "POST",
      "/feeds",
      { url },
      { "accept-language": "en" },
    );
    expect(en.body.warnings).toEqual(["1 character could not be decoded with Windows-1250"]);
    expect(en.body.codedWarnings).toEqual([
      { code: "undecodable_chars", count: 1, encoding: "windows-1250" },
    ]);
    for (const { body } of [ro, en]) await corpusApi(server.url, "DELETE", `/uploads/${body.uploadId}`);
  });

  it("says clearly when the address is not a feed, hangs, is too large, is missing or unreachable", async () => {
    const notFeed = await corpusApi<ErrorBody>(server.url, "POST", "/feeds", { url: `${feeds.url}/pagina` });
    expect(notFeed.status).toBe(422);
    expect(notFeed.body.error.code).toBe("corpus:not_a_feed");
    expect(notFeed.body.error.message).toContain("o pagină HTML");

    const started = performance.now();
    const hangs = await corpusApi<ErrorBody>(server.url, "POST", "/feeds", { url: `${feeds.url}/agata.xml` });
    expect(hangs.status).toBe(504);
    expect(hangs.body.error.code).toBe("corpus:feed_timeout");
    expect(hangs.body.error.message).toMatch(/nu a răspuns în 0,8 s|nu a răspuns în 0.8 s/);
    expect(performance.now() - started).toBeLessThan(5000);

    const large = await corpusApi<ErrorBody>(server.url, "POST", "/feeds", { url: `${feeds.url}/mare.xml` });
    expect(large.body.error.code).toBe("corpus:feed_too_large");
    const missing = await corpusApi<ErrorBody>(server.url, "POST", "/feeds", {
      url: `${feeds.url}/lipsa.xml`,
    });
    expect(missing.body.error).toMatchObject({ code: "corpus:feed_http" });
    expect(missing.body.error.message).toContain("404");

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const offline = await corpusApi<ErrorBody>(
      server.url,
      "POST",
      "/feeds",
      { url: `http://127.0.0.1:${port}/flux.xml` },
      {
        "accept-language": "en",
      },
    );
    expect(offline.status).toBe(502);
    expect(offline.body.error.code).toBe("corpus:feed_unreachable");
    expect(offline.body.error.message).toMatch(
      /cannot be fetched: the network or the server does not answer \(ECONNREFUSED\)/,
    );

    const ftp = await corpusApi<ErrorBody>(server.url, "POST", "/feeds", {
      url: "ftp://exemplu.ro/flux.xml",
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.code).toBe("corpus:feed_url");
  });

  it("leaves nothing behind: no upload kept, the corpus as it was (the feed aside)", async () => {
    expect(uploadsLeft()).toEqual([]);
    const after = (await corpusApi<CorpusStatus>(server.url, "GET", "/status")).body;
    expect(after.collections.map((c) => c.name).sort()).toEqual(
      [...before.collections.map((c) => c.name), "127.0.0.1-flux"].sort(),
    );
    const raw = readdirSync(path.join(server.dir, "corpus", "raw"));
    expect(raw).toEqual(["127.0.0.1-flux.jsonl"]);
    expect(readFileSync(path.join(server.dir, "corpus", "raw", raw[0]!), "utf8")).toContain("Ciulnița");
  });
});
