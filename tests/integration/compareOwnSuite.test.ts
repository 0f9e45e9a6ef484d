// A user's own suite over REST, as the compare page sends it: the shipped suite downloaded as a template, a file's text
// checked (YAML or JSON) before it runs, the editor's text made into a suite and run on the offline models, stored
// with its run (the run's address shows its cases again), and every refusal said clearly in Romanian and English.
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSuiteText } from "../../contract/compareSuiteText";
import type { CompareRunResponse, SuiteCheckResponse } from "../../contract/compare";
import { jsonRequest } from "../support/rest";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ RUBRIC_JUDGE: "" });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const api = <T>(method: string, pathname: string, body?: unknown, lang: "ro" | "en" = "ro") =>
  jsonRequest<T>(`${server.url}${pathname}`, method, body, { "accept-language": lang });

type Refusal = { error: { code: string; message: string } };

async function finished(runId: string, lang: "ro" | "en" = "ro"): Promise<CompareRunResponse> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { body } = await api<CompareRunResponse>("GET", `/api/compare/${runId}?cases=0`);
    if (body.status !== "running") break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (await api<CompareRunResponse>("GET", `/api/compare/${runId}`, undefined, lang)).body;
}

describe("a user's own suite", () => {
  it("downloads the default suite as a template, which the check accepts as it is", async () => {
    const res = await fetch(`${server.url}/api/compare/suites/default/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("default.ro.yaml");
    expect(res.headers.get("content-type")).toContain("yaml");
    const text = await res.text();
    expect((parseYaml(text) as { cases: unknown[] }).cases).toHaveLength(27);
    const checked = await api<SuiteCheckResponse>("POST", "/api/compare/suites/check", { text }, "en");
    expect(checked.status).toBe(200);
    expect(checked.body.info).toMatchObject({ id: "inline", name: "Default suite (Romanian)", cases: 27 });
    const missing = await api<Refusal>("GET", "/api/compare/suites/nu-exista/file", undefined, "en");
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('the suite "nu-exista" does not exist');
  });

  it("checks a file's YAML, runs it, and the run's address shows its cases again", async () => {
    const text = [
      "name: Suita Anei",
      "cases:",
      "  - id: pensii",
      "    criterion: romana",
      "    title: Pensiile pe scurt",
      "    titleEn: Pensions in brief",
      "    sources: ['Guvernul a anunțat că pensiile vor fi indexate cu cinci procente.']",
      "    prompt: Ce a anunțat guvernul despre pensii?",
      "    assert: [{ type: contains, value: pensii }]",
      "  - id: ton",
      "    criterion: adnotare",
      "    title: Tonul unui comentariu",
      "    annotate: Hoții din Parlament ne-au furat viitorul!",
      "    expected: { ton: negativ }",
    ].join("\n");
    const checked = await api<SuiteCheckResponse>("POST", "/api/compare/suites/check", { text });
    expect(checked.status).toBe(200);
    expect(checked.body.info).toMatchObject({ name: "Suita Anei", cases: 2, repeats: [1, 1] });
    const started = await api<{ runId: string; total: number }>("POST", "/api/compare", {
      models: ["offline:extractive", "offline:lexicon"],
      suite: checked.body.suite,
      temperatures: [0],
    });
    expect(started.status).toBe(202);
    expect(started.body.total).toBe(4);
    const run = await finished(started.body.runId);
    expect(run.status).toBe("done");
    expect(run.request.suite).toMatchObject({ id: "inline", name: "Suita Anei", cases: 2 });
    expect(run.cases?.map((c) => [c.id, c.title])).toEqual([
      ["pensii", "Pensiile pe scurt"],
      ["ton", "Tonul unui comentariu"],
    ]);
    expect(run.results?.recommendation?.primary).toBe("offline:extractive");
    const english = await finished(started.body.runId, "en");
    expect(english.cases?.[0]?.title).toBe("Pensions in brief");
  });

  it("runs the editor's text on the offline model that answers, with its titles and checks", async () => {
    const written = parseSuiteText(
      [
        "Ce spune sursa despre pensii?",
        "sursă: Guvernul a anunțat că pensiile vor fi indexate cu cinci procente.",
        "conține: pensii",
        "",
        "Rezumă sursa într-o propoziție.",
        "sursă: Primăria a deschis un parc nou în cartierul de nord.",
        "max cuvinte: 80",
      ].join("\n"),
    );
    if (!written.ok) throw new Error("the editor's text should be valid");
    const checked = await api<SuiteCheckResponse>("POST", "/api/compare/suites/check", {
      suite: written.suite,
    });
    expect(checked.status).toBe(200);
    expect(checked.body.info.criteria).toEqual([{ id: "proprii", label: "Cazurile mele", cases: 2 }]);
    // Prompts only: offline:lexicon (which only annotates) would be refused (compareAnswerable.test.ts).
    const started = await api<{ runId: string }>("POST", "/api/compare", {
      models: ["offline:extractive"],
      suite: written.suite,
      temperatures: [0],
    });
    const run = await finished(started.body.runId);
    expect(run.cases?.map((c) => c.title)).toEqual([
      "Ce spune sursa despre pensii?",
      "Rezumă sursa într-o propoziție.",
    ]);
    expect(run.cases?.[0]?.answers[0]).toMatchObject({ model: "offline:extractive", status: "ok" });
    expect(run.cases?.[0]?.answers).toHaveLength(1);
    expect(run.results?.recommendation?.primary).toBe("offline:extractive");
  });

  it("refuses a file that is not YAML, a suite that does not validate and an empty file, in both languages", async () => {
    const check = (body: unknown, lang: "ro" | "en") =>
      api<Refusal>("POST", "/api/compare/suites/check", body, lang);
    const broken = await check({ text: "name: [nu se închide\ncases:" }, "ro");
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("input:invalid");
    expect(broken.body.error.message).toContain("suita nu se poate citi (YAML/JSON)");
    const brokenEn = await check({ text: "name: [nu se închide\ncases:" }, "en");
    expect(brokenEn.body.error.message).toContain("the suite cannot be read (YAML/JSON)");

    const wrong = {
      name: "S",
      cases: [{ id: "ton", criterion: "adnotare", annotate: "Text.", expected: { ton: "furios" } }],
    };
    const ro = await check({ text: JSON.stringify(wrong) }, "ro");
    expect(ro.status).toBe(400);
    expect(ro.body.error.message).toContain("suita nu este validă: cases.0 (ton).expected.ton:");
    const en = await check({ text: JSON.stringify(wrong) }, "en");
    expect(en.body.error.message).toContain("the suite is not valid: cases.0 (ton).expected.ton:");

    const empty = await check({ text: "  \n" }, "en");
    expect(empty.body.error.message).toContain("the suite file is empty");
    const both = await check({ text: "a", suite: {} }, "ro");
    expect(both.body.error.message).toContain(
      "trimiteți fie „text” (un fișier de suită), fie „suite” (un obiect)",
    );
    const judge = await check(
      {
        suite: {
          name: "S",
          cases: [
            { id: "a", criterion: "c", prompt: "P", assert: [{ type: "rubric", judge: "openai:gpt-4o" }] },
          ],
        },
      },
      "en",
    );
    expect(judge.status).toBe(400);
    expect(judge.body.error.code).toBe("input:unknown_model");
  });

  it("refuses a run of a user's suite past the answers' cap, and one that does not validate, in both languages", async () => {
    const many = parseSuiteText(Array.from({ length: 400 }, (_, i) => `Întrebarea ${i + 1}?`).join("\n\n"));
    if (!many.ok) throw new Error("valid");
    const tooMany = await api<Refusal>(
      "POST",
      "/api/compare",
      { models: ["offline:extractive"], suite: many.suite, runs: 4, temperatures: [0] },
      "en",
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain("the comparison would ask for 1600 answers (at most 1500)");
    const invalid = await api<Refusal>("POST", "/api/compare", {
      models: ["offline:extractive"],
      suite: { name: "S", cases: [{ id: "a", criterion: "c" }] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain("cases.0 (a): un caz are fie „prompt”, fie „annotate”");
  });
});
