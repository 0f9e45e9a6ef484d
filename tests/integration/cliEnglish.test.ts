// The CLI in English: `--lang en` (anywhere on the line, before the command's name too) or CLI_LANG=en turns a
// command's summaries, tables, usage errors, errors and the files it writes for people (compare's report.md,
// evaluate's report) into English, with the decimal point; Romanian stays the default, and --json keeps its keys.
// import, clean, index, search and evaluate run in-process against a temp corpus; compare runs as a user runs it.
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { command as clean } from "../../server/cli/clean";
import { command as annotate } from "../../server/cli/annotate";
import { command as evaluate } from "../../server/cli/evaluate";
import { command as importCommand } from "../../server/cli/import";
import { command as index } from "../../server/cli/index";
import { formatReport as modelsReport } from "../../server/cli/models";
import { command as search } from "../../server/cli/search";
import type { CliCommand } from "../../server/cli/types";

const REPO = path.resolve(import.meta.dirname, "../..");

interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command module with CORPUS_DIR (and any other variable) set, capturing whatever it prints. */
async function run(command: CliCommand, argv: string[], env: Record<string, string> = {}): Promise<Output> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const line = (args: unknown[]) => `${args.map(String).join(" ")}\n`;
  const spies = [
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void stdout.push(line(args))),
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void stderr.push(line(args))),
    vi.spyOn(process.stdout, "write").mockImplementation((text) => (stdout.push(String(text)), true)),
    vi.spyOn(process.stderr, "write").mockImplementation((text) => (stderr.push(String(text)), true)),
  ];
  const all = { CORPUS_DIR: corpusDir, LOG_LEVEL: "silent", CLI_LANG: undefined, ...env };
  const previous = Object.fromEntries(Object.keys(all).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(all)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    const code = await command.run(argv);
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    for (const spy of spies) spy.mockRestore();
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The CLI as a user runs it (server/cli/main.ts), in the repository, with the given variables. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Output> {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(inherited)) {
    if (/API_KEY|BASE_URL|^MODEL_|^TEMPERATURE$|^DATA_DIR$|^CLI_LANG$/.test(key)) delete inherited[key];
  }
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", ...args], {
    cwd: REPO,
    env: { ...inherited, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

let dir: string;
let corpusDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "echochamber-cli-en-"));
  corpusDir = path.join(dir, "corpus");
  await mkdir(corpusDir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("--lang en", () => {
  it("import: the file's summary and the totals in English, the seconds with a decimal point", async () => {
    const csv = path.join(dir, "comentarii.csv");
    await writeFile(
      csv,
      [
        "id,text,date",
        "c1,Guvernul a anunțat că pensiile vor crește de la anul viitor pentru toți.,2025-03-01",
        "c2,Parlamentul a votat legea bugetului după o dezbatere lungă și aprinsă.,2025-03-02",
        "c3,,2025-03-03",
        "",
      ].join("\n"),
    );
    const out = await run(importCommand, [csv, "--platform", "facebook", "--lang", "en"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("encoding: utf-8 (");
    expect(out.stdout).toContain("(comma-delimited, with a header)");
    expect(out.stdout).toContain("  records imported: 2; skipped: 1 — empty text: 1 (line 4)");
    expect(out.stdout).toMatch(/Total: 1 file imported, 2 records, 1 skipped, in \d+\.\d s\./);
    expect(out.stdout).toContain("Next step: npm run cli -- clean");
    expect(out.stdout).not.toMatch(/înregistrări|sărite|Pasul următor/);

    // The same file in Romanian, by default: the words of before.
    const ro = await run(importCommand, [csv, "--platform", "facebook"]);
    expect(ro.stdout).toContain("  înregistrări importate: 2; sărite: 1 — text gol: 1 (linia 4)");
    expect(ro.stdout).toMatch(/Total: 1 fișier importat, 2 înregistrări, 1 sărită, în \d+,\d s\./);
  });

  it("import: a file that cannot be read is said in English (the importer's own message, in English)", async () => {
    const out = await run(importCommand, ["--lang=en", path.join(dir, "lipsa.csv")]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/✖ lipsa\.csv: The file ".*lipsa\.csv" does not exist or cannot be read\./);
    expect(out.stderr).toContain("Nothing was imported: correct the files above and run the command again.");
    expect(out.stderr).not.toMatch(/Fișierul|Nu s-a importat/);
  });

  it("import: why a file is refused is said in English, its detail and advice too", async () => {
    // Romanian in UTF-8 with one Latin-1 byte: read as windows-1250, where the second byte of each "ă" is no character.
    const stray = path.join(dir, "stricat.csv");
    await writeFile(
      stray,
      Buffer.concat([
        Buffer.from(
          "id;text\n1;Guvernul a anunțat că pensiile vor crește în anul următor, a spus ministrul.\n" +
            "2;Cetățenii cer școli și spitale noi în fiecare cartier, iar primăria tace.\n" +
            "3;Bugetul pentru sănătate rămâne mic în fața nevoilor județului.\n",
          "utf8",
        ),
        Buffer.from("4;Caf\xe9\n", "latin1"),
      ]),
    );
    const mojibake = await run(importCommand, ["--lang=en", stray]);
    expect(mojibake.code).toBe(1);
    expect(mojibake.stderr).toContain(
      "the text does not look like Romanian (7 bytes with no character in this encoding)",
    );
    // An old Excel file: binary, with what to do instead.
    const xls = path.join(dir, "tabel.xls");
    await writeFile(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(200, 1)]));
    const binary = await run(importCommand, ["--lang=en", xls]);
    expect(binary.stderr).toContain(
      "looks binary (an old Office document, e.g. .xls or .doc), not text. Save the spreadsheet as .xlsx or CSV (UTF-8) and import that.",
    );
    expect(`${mojibake.stderr}${binary.stderr}`).not.toMatch(/octeți|codificare|document Office|Salvați/);
    const ro = await run(importCommand, [xls]);
    expect(ro.stderr).toContain(
      "pare binar (document Office vechi, de ex. .xls sau .doc), nu text. Salvați foaia de calcul ca .xlsx sau CSV (UTF-8) și importați-o.",
    );
  });

  it("clean: the report's tables and the closing line in English", async () => {
    const out = await run(clean, ["--lang", "en"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/│ File\s+│ Read │ Kept │ Dropped │/);
    expect(out.stdout).toMatch(/│ dropped │ text too short\s+│ 0/);
    expect(out.stdout).toMatch(/Language: \d+ by diacritics/);
    expect(out.stdout).toMatch(/Done in \d+\.\d s \(\d+ records\/s\)\. Kept 2 of 2\. Report: /);
    expect(out.stdout).not.toMatch(/Fișier|Păstrate|Gata în/);
  });

  it("CLI_LANG=en is the default of every command; --lang ro still wins over it", async () => {
    const en = await run(clean, [], { CLI_LANG: "en" });
    expect(en.stdout).toMatch(/Done in \d+\.\d s/);
    const ro = await run(clean, ["--lang", "ro"], { CLI_LANG: "en" });
    expect(ro.stdout).toMatch(/Gata în \d+,\d s/);
    // A wrong CLI_LANG does not stop a command whose --lang says the language (the server's configuration lets it by).
    const wrong = await run(clean, ["--lang", "en"], { CLI_LANG: "english" });
    expect(wrong.stdout).toMatch(/Done in \d+\.\d s/);
  });

  it("search: results and a usage error in English (what is wrong, then the English usage)", async () => {
    // The shipped corpus, indexed with the offline embedder, for something to find.
    const cleaned = path.join(corpusDir, "cleaned");
    for (const name of await readdir(path.join(REPO, "corpus", "cleaned"))) {
      if (name.endsWith(".jsonl"))
        await copyFile(path.join(REPO, "corpus", "cleaned", name), path.join(cleaned, name));
    }
    const built = await run(index, ["--lang", "en"], { EMBEDDINGS: "offline:hash" });
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^Index built in \d+\.\d s: /);
    expect(built.stdout).toContain("  vectors: ");

    const found = await run(search, ["pensii", "--k", "2", "--lang", "en"], { EMBEDDINGS: "offline:hash" });
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^"pensii":\n\[1\] /);
    const none = await run(search, ["--lang", "en", "pensii", "--platform", "nicio-platforma"], {
      EMBEDDINGS: "offline:hash",
    });
    expect(none.stdout).toBe('"pensii": no passage found.\n');

    const wrong = await run(search, ["pensii", "--from", "2025-13-01", "--lang", "en"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'Invalid arguments: --from must be a date YYYY-MM-DD (got "2025-13-01")\n\nUsage:\nnpm run cli -- search "<question>"',
    );
    const unknown = await run(search, ["pensii", "--nu-exista", "--lang", "en"]);
    expect(unknown.stderr).toContain('Invalid arguments: unknown option "--nu-exista"');
  });

  it("a language that is not ro or en: a usage error said in both languages, exit code 2", async () => {
    const flag = await run(clean, ["--lang", "fr"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--lang: „fr” nu este o limbă a liniei de comandă (ro, en)");
    expect(flag.stderr).toContain('"fr" is not a language of the command line (ro, en)');
    expect(flag.stderr).toContain("Utilizare:\nnpm run cli -- clean");
    expect(flag.stderr).toContain("Usage:\nnpm run cli -- clean");
    const env = await run(clean, [], { CLI_LANG: "de" });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("CLI_LANG: „de” nu este o limbă a liniei de comandă");
    const empty = await run(clean, ["--lang"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--lang needs a value: ro or en");
  });

  it("evaluate: the Markdown report in English, the JSON line with the same keys as in Romanian", async () => {
    const annotations = path.join(dir, "adnotari.jsonl");
    const base = {
      populism: false,
      anti_elitism: false,
      popor_central: false,
      tema: "pensii",
      tinta: "",
      incredere: 0.8,
      justificare: "",
      model: "offline:lexicon",
      codebook_version: "1.0.0",
      temperature: 0.5,
      run: 1,
      error: null,
    };
    await writeFile(
      annotations,
      [
        { id: "a", text: "Primul text", ton: "pozitiv", ...base },
        { id: "b", text: "Al doilea text", ton: "negativ", ...base },
        { id: "c", text: "Al treilea text", ton: "neutru", ...base },
      ]
        .map((row) => JSON.stringify(row))
        .join("\n") + "\n",
    );
    const gold = path.join(dir, "gold.csv");
    await writeFile(gold, "id,ton\na,pozitiv\nb,neutru\nc,neutru\n");
    const report = path.join(dir, "evaluation.md");
    const args = [annotations, "--gold", gold, "--fields", "ton", "--resamples", "100", "--json"];
    const en = await run(evaluate, [...args, "--report", report, "--lang", "en"]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain(`# Evaluation: ${annotations}`);
    expect(en.stdout).toContain("- Codebook: 1.0.0 · temperature: 0.5");
    expect(en.stdout).toContain("- Items compared: 3");
    expect(en.stdout).toContain("## Agreement with the gold labels");
    expect(en.stdout).toContain("| field | n | accuracy [95% CI] |");
    expect(en.stdout).toContain("## Invalid outputs");
    expect(en.stdout).not.toMatch(/Acord|Ieșiri|câmp/);
    expect(await readFile(report, "utf8")).toContain("## Agreement with the gold labels");

    const ro = await run(evaluate, args);
    expect(ro.stdout).toContain("## Acord cu etichetele gold");
    const lastJson = (text: string) => JSON.parse(text.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(lastJson(en.stdout)).toEqual(lastJson(ro.stdout));
  });
});

describe("--lang en, the other commands", () => {
  it("annotate: the run's summary and a refusal in English, the seconds with a decimal point", async () => {
    const input = path.join(dir, "texte.csv");
    await writeFile(
      input,
      'id,text\nr1,"Hoții din Parlament ne fură, iar poporul plătește!"\nr2,Guvernul a anunțat bugetul.\n',
    );
    const out = path.join(dir, "adnotat.jsonl");
    const args = [input, "--model", "offline:lexicon", "--out", out, "--no-cache", "--lang", "en"];
    const first = await run(annotate, args, { DATA_DIR: path.join(dir, "data") });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Done: 2 rows written in \d+\.\d+ s \(0 were already in the file, 0 from the cache, 0 with errors\) → /,
    );
    expect(first.stdout).toContain("Model offline:lexicon · codebook ");
    expect(first.stdout).toContain("· temperature - · 2 rows × 1 run");
    // An output file of something else: refused, with the English detail.
    const foreign = path.join(dir, "altceva.csv");
    await writeFile(foreign, "a,b\n1,2\n");
    const other = await run(
      annotate,
      [input, "--model", "offline:lexicon", "--out", foreign, "--lang", "en"],
      {
        DATA_DIR: path.join(dir, "data"),
      },
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      `The request does not have the expected shape: ${foreign} has other columns than the annotate command's output; choose another --out`,
    );
  });

  it("models: the chains and the table in English", () => {
    const text = modelsReport(
      {
        chain: { answer: ["offline:extractive"], annotate: ["offline:lexicon"] },
        embeddings: "offline:hash",
        checks: [
          {
            model: "offline:extractive",
            roles: [{ role: "answer", position: 1 }],
            status: "ok",
            ms: 1,
            reason: null,
            detail: "ok",
          },
          {
            model: "ollama:absent",
            roles: [],
            status: "unconfigured",
            ms: null,
            reason: "config:missing",
            detail: "OLLAMA_BASE_URL is missing",
          },
        ],
        ok: false,
      },
      "en",
    );
    expect(text).toContain("Answer chain:      offline:extractive");
    expect(text).toMatch(/│ offline:extractive │ answer 1\s+│ works\s+│ 1 ms/);
    expect(text).toMatch(/│ ollama:absent\s+│ outside the chain │ not configured │/);
    expect(text).toContain("1 of 2 models answers. The models that do not answer are skipped");
  });
});

describe("npm run cli -- --lang en compare", () => {
  it("writes report.md in English and prints the table and the recommendation in English; --json keeps its keys", async () => {
    const suite = path.join(dir, "suita.yaml");
    await writeFile(
      suite,
      [
        "name: Suită CLI",
        "cases:",
        "  - id: rezumat",
        "    criterion: romana",
        "    sources: [Guvernul a anunțat că pensiile vor fi indexate cu cinci procente.]",
        "    prompt: Ce a anunțat guvernul despre pensii?",
        "    assert: [{type: contains, value: pensii}]",
        "  - id: adnotare",
        "    criterion: adnotare",
        "    annotate: Hoții din Parlament ne fură, iar poporul cinstit plătește!",
        "    expected: {ton: negativ, populism: true}",
        "",
      ].join("\n"),
    );
    const args = (out: string) => [
      "compare",
      "--models",
      "offline:extractive,offline:lexicon",
      "--suite",
      suite,
      "--temperatures",
      "0,0.7",
      "--out",
      out,
      "--json",
    ];
    const enDir = path.join(dir, "report-en");
    // The flag before the command's name: main.ts hands it on with the rest of the line.
    const en = await runCli(["--lang", "en", ...args(enDir)]);
    expect(en.stderr).not.toMatch(/Eroare:|Error:/);
    expect(en.code).toBe(0);
    expect(en.stderr).toContain('Suite "Suită CLI": 2 cases × 2 models × 2 temperatures → 8 answers.');
    expect(en.stdout).toMatch(/│ model\s+│ passed\s+│ valid JSON/);
    expect(en.stdout).toContain("Recommendation: primary offline:extractive · fallback — · temperature 0\n");
    expect(en.stdout).toContain(`Report: ${path.join(enDir, "report.md")}`);

    const markdown = await readFile(path.join(enDir, "report.md"), "utf8");
    expect(markdown).toContain("# Model comparison — Suită CLI");
    expect(markdown).toContain("(2 cases; criteria: Romanian language, Annotation)");
    expect(markdown).toContain("temperatures: 0; 0.7");
    expect(markdown).toContain("## Recommendation");
    expect(markdown).toContain("- **Primary model (MODEL_PRIMARY):** `offline:extractive`");
    expect(markdown).toContain("Primary model: offline:extractive — quality");
    expect(markdown).toContain("## Speed and cost");
    expect(markdown).toContain("## Stability by temperature");
    expect(markdown).toContain("## Answers that did not pass");
    expect(markdown).not.toMatch(/Recomandare|Viteză|Stabilitate|Calitate pe/);

    const roDir = path.join(dir, "report-ro");
    const ro = await runCli(args(roDir));
    expect(ro.code).toBe(0);
    expect(await readFile(path.join(roDir, "report.md"), "utf8")).toContain(
      "# Comparație de modele — Suită CLI",
    );
    const keys = (text: string) => {
      const json = JSON.parse(text.trim().split("\n").at(-1)!) as Record<string, Record<string, unknown>>;
      return [Object.keys(json), Object.keys(json.recommendation!), Object.keys(json.files!)];
    };
    expect(keys(en.stdout)).toEqual(keys(ro.stdout));
  }, 120_000);

  it("the top-level help and an unknown command in English", async () => {
    const help = await runCli(["--lang", "en", "help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: npm run cli -- <command> [options] [--lang ro|en]");
    const unknown = await runCli(["nimic"], { CLI_LANG: "en" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command: nimic");
  }, 60_000);
});
