// Errors of the REST routes and of the chat socket in the asker's language, through the real server: the details that
// were written in Romanian only (an unknown route, malformed JSON, a comparison's models and suite, a data set's file
// type) come in English for an English page, and a malformed body is worded by zodIssue.ts in the page's language
// (not zod's English inside a Romanian sentence).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AckResult } from "../../contract/protocol";
import { jsonRequest } from "../support/rest";
import { startTestServer, type TestServer } from "../support/server";
import { upload } from "../support/workbench";

interface ErrorBody {
  error: { code: string; message: string };
}

const EN = { "accept-language": "en" };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({});
});

afterAll(async () => {
  await server?.close();
});

const call = (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
  jsonRequest<ErrorBody>(`${server.url}${route}`, method, body, headers);

describe("errors in the asker's language", () => {
  it("says an unknown API route and malformed JSON in English", async () => {
    const ro = await call("GET", "/api/nimic");
    expect(ro.body.error.message).toContain("ruta API necunoscută");
    const en = await call("GET", "/api/nimic", undefined, EN);
    expect(en.body.error.message).toBe("The request does not have the expected shape: unknown API route");
    const json = await fetch(`${server.url}/api/annotate`, {
      method: "POST",
      headers: { "content-type": "application/json", ...EN },
      body: "{nu e json",
    });
    expect(((await json.json()) as ErrorBody).error.message).toBe(
      "The request does not have the expected shape: invalid JSON",
    );
  });

  it("says a comparison's repeated model, unknown suite and invalid suite in English", async () => {
    const twice = await call(
      "POST",
      "/api/compare",
      { models: ["offline:extractive", "offline:extractive"] },
      EN,
    );
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain("models: a model appears twice");
    const unknown = await call("POST", "/api/compare", { models: ["offline:extractive"], suite: "nope" }, EN);
    expect(unknown.body.error.message).toContain('the suite "nope" does not exist (available: default.ro)');
    const invalid = await call(
      "POST",
      "/api/compare",
      { models: ["offline:extractive"], suite: { name: "x", cases: [{ id: "a", criterion: "x" }] } },
      EN,
    );
    expect(invalid.body.error.message).toContain('a case has either "prompt" or "annotate"');
    const shape = await call(
      "POST",
      "/api/compare",
      { models: ["offline:extractive"], suite: { cases: [] } },
      EN,
    );
    expect(shape.body.error.message).toContain("the suite is not valid: name: is missing");
    const romanian = await call("POST", "/api/compare", {
      models: ["offline:extractive"],
      suite: { cases: [] },
    });
    expect(romanian.body.error.message).toContain("suita nu este validă: name: lipsește");
  });

  it("says why a data set's file is refused in English", async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(200, 7),
    ]);
    const en = await upload<ErrorBody>(server.url, "poza.csv", png, EN);
    expect(en.body.error).toMatchObject({ code: "dataset:binary" });
    expect(en.body.error.message).toContain("looks binary (a PNG image)");
    const ro = await upload<ErrorBody>(server.url, "poza.csv", png);
    expect(ro.body.error.message).toContain("pare binar (imagine PNG)");
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
    const archive = await upload<ErrorBody>(server.url, "arhiva.zip", zip, EN);
    expect(archive.body.error).toMatchObject({ code: "dataset:wrong_type" });
    expect(archive.body.error.message).toContain("(a ZIP archive; only .xlsx is accepted)");
  });

  it("words a malformed body in the page's language, on the corpus and workbench routes", async () => {
    const corpusRo = await call("POST", "/api/corpus/feeds", {});
    expect(corpusRo.status).toBe(400);
    expect(corpusRo.body.error.message).toBe("Cererea nu are forma așteptată: url: lipsește");
    const corpusEn = await call("POST", "/api/corpus/feeds", {}, EN);
    expect(corpusEn.body.error.message).toBe("The request does not have the expected shape: url: is missing");
    const workbenchRo = await call("POST", "/api/workbench/datasets", { uploadId: 5 });
    expect(workbenchRo.body.error.message).toMatch(
      /^Cererea nu are forma așteptată: uploadId: trebuie să fie/,
    );
  });

  it("words a malformed chat message in the socket's language", async () => {
    for (const [lang, expected] of [
      ["ro", "Cererea nu are forma așteptată: text: trebuie să fie text"],
      ["en", "The request does not have the expected shape: text: must be text"],
    ] as const) {
      const socket = await server.connect(lang);
      const ack = await new Promise<AckResult<unknown>>((resolve) =>
        socket.emit("chat:send", { text: 5 } as never, resolve),
      );
      socket.disconnect();
      expect(ack).toMatchObject({ ok: false, error: { code: "input:invalid", message: expected } });
    }
  });
});
