// A comparison of answers does not take a model that only annotates (offline:lexicon): with a suite that has no
// annotation case it would make nothing but "n/a" rows, so the server refuses it in the asker's language; with
// annotation cases it takes it, and the suites' list says how many there are so the page can offer it then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server";

const PROMPTS_ONLY = {
  name: "Doar întrebări",
  cases: [
    {
      id: "pensii",
      criterion: "romana",
      prompt: "Ce se întâmplă cu pensiile?",
      assert: [{ type: "language" }],
    },
  ],
};

const WITH_ANNOTATION = {
  name: "Cu adnotare",
  cases: [
    ...PROMPTS_ONLY.cases,
    {
      id: "adnotare",
      criterion: "adnotare",
      annotate: "Hoții din Parlament ne fură, iar poporul cinstit plătește!",
      expected: { ton: "negativ" },
    },
  ],
};

describe("the compare API and models that only annotate", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({});
  });

  afterAll(async () => {
    await server?.close();
  });

  async function post(body: unknown, lang = "ro") {
    const res = await fetch(`${server.url}/api/compare`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": lang },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  }

  it("refuses offline:lexicon for a suite without annotation cases, saying why in Romanian and English", async () => {
    const body = {
      models: ["offline:extractive", "offline:lexicon"],
      suite: PROMPTS_ONLY,
      temperatures: [0],
    };
    const ro = await post(body);
    expect(ro.status).toBe(400);
    expect(ro.body.error?.code).toBe("input:invalid");
    expect(ro.body.error?.message).toContain(
      "offline:lexicon nu generează răspunsuri (doar adnotează), iar suita nu are cazuri de adnotare",
    );
    const en = await post(body, "en");
    expect(en.body.error?.message).toContain("offline:lexicon does not write answers (it only annotates)");
  });

  it("takes it for a suite with annotation cases", async () => {
    const started = await post({ models: ["offline:lexicon"], suite: WITH_ANNOTATION, temperatures: [0] });
    expect(started.status).toBe(202);
  });

  it("says the answers past the cap with 'de' before the count in Romanian", async () => {
    const many = {
      name: "Multe",
      cases: Array.from({ length: 400 }, (_, i) => ({
        id: `c${i}`,
        criterion: "romana",
        prompt: `Întrebarea ${i + 1}?`,
        assert: [],
      })),
    };
    const refused = await post({ models: ["offline:extractive"], suite: many, runs: 4, temperatures: [0] });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain("comparația ar cere 1600 de răspunsuri (cel mult 1500)");
  });

  it("lists how many annotation cases each suite has", async () => {
    const res = await fetch(`${server.url}/api/compare/suites`);
    const body = (await res.json()) as { suites: { id: string; annotationCases?: number }[] };
    expect(body.suites.find((s) => s.id === "default.ro")?.annotationCases).toBeGreaterThan(0);
  });
});
