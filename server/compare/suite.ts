// The comparison suite: cases grouped by the course's criteria, each with its assertions, read from JSON or YAML and
// validated with zod (the schemas are suiteSchema.ts). A case is either a prompt (a chat call whose text is checked)
// or an annotation (a comment with gold labels, annotated the way the app annotates).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { SuiteInfo } from "../../contract/compare";
import { AppError, type Lang } from "../../contract/errors";
import { issueWords } from "../http/zodIssue";
import { criterionLabel, expectedFields, SuiteSchema, type Suite, type SuiteCase } from "./suiteSchema";

// What other modules have always imported from here.
export * from "./suiteSchema";

/** A suite refused, said in Romanian (the CLI, the suite list) and in English (the page in English). */
function problem(detail: string, detailEn: string): AppError {
  return new AppError("input:invalid", { detail, detailEn });
}

/** An issue's path, with the id of the case it is in when the case has one ("cases.3 (adnotare-ironie).expected.ton"). */
function issuePath(path: (string | number)[], value: unknown): string {
  const [top, index, ...rest] = path;
  if (top === "cases" && typeof index === "number") {
    const cases = (value as { cases?: unknown } | null)?.cases;
    const id = Array.isArray(cases) ? (cases[index] as { id?: unknown } | undefined)?.id : undefined;
    if (typeof id === "string" && id.trim()) return [`cases.${index} (${id.trim()})`, ...rest].join(".");
  }
  return path.join(".");
}

function describeIssues(error: z.ZodError, lang: Lang, value: unknown): string {
  return error.issues
    .slice(0, 5)
    .map(
      (i) => `${issuePath(i.path, value) || (lang === "ro" ? "(suită)" : "(suite)")}: ${issueWords(i, lang)}`,
    )
    .join("; ");
}

/** Validates a parsed suite object and turns its cases into prompt or annotation cases. Throws input:invalid. */
export function parseSuite(value: unknown, id = "inline"): Suite {
  const parsed = SuiteSchema.safeParse(value);
  if (!parsed.success)
    throw problem(
      `suita nu este validă: ${describeIssues(parsed.error, "ro", value)}`,
      `the suite is not valid: ${describeIssues(parsed.error, "en", value)}`,
    );
  const input = parsed.data;
  const seen = new Set<string>();
  const cases: SuiteCase[] = input.cases.map((c, index) => {
    const where = `cases.${index} (${c.id})`;
    if (seen.has(c.id)) throw problem(`${where}: id repetat`, `${where}: repeated id`);
    seen.add(c.id);
    const isPrompt = c.prompt !== undefined;
    const isAnnotation = c.annotate !== undefined;
    if (isPrompt === isAnnotation)
      throw problem(
        `${where}: un caz are fie „prompt”, fie „annotate”`,
        `${where}: a case has either "prompt" or "annotate"`,
      );
    const inputEn = isPrompt ? c.promptEn : c.annotateEn;
    const base = {
      id: c.id,
      criterion: c.criterion,
      // The page shows a title in either language: the English one rather than the slug when it is all there is.
      title: c.title ?? c.titleEn ?? c.id,
      ...(c.titleEn ? { titleEn: c.titleEn } : {}),
      ...(inputEn ? { inputEn } : {}),
      repeat: c.repeat ?? 1,
      assert: c.assert ?? [],
      ...(c.variant ? { variant: c.variant } : {}),
    };
    if (isAnnotation) {
      for (const key of ["system", "sources", "maxTokens", "promptEn"] as const) {
        if (c[key] !== undefined)
          throw problem(
            `${where}: „${key}” nu se aplică unui caz de adnotare`,
            `${where}: "${key}" does not apply to an annotation case`,
          );
      }
      const fields = expectedFields(c.expected);
      for (const a of base.assert) {
        if (a.type === "annotation" && fields.length === 0) {
          throw problem(
            `${where}: aserțiunea „annotation” cere etichete în „expected”`,
            `${where}: the "annotation" assertion needs labels in "expected"`,
          );
        }
        if (a.type === "annotation" && a.fields?.some((f) => !fields.includes(f))) {
          throw problem(
            `${where}: aserțiunea „annotation” numește un câmp fără etichetă în „expected”`,
            `${where}: the "annotation" assertion names a field with no label in "expected"`,
          );
        }
      }
      // An annotation case with gold labels is checked against them unless it says how.
      const assert =
        fields.length > 0 && !base.assert.some((a) => a.type === "annotation")
          ? [{ type: "annotation" as const }, ...base.assert]
          : base.assert;
      return { ...base, kind: "annotation", text: c.annotate!, expected: c.expected, assert };
    }
    if (c.expected !== undefined)
      throw problem(
        `${where}: „expected” se aplică doar unui caz de adnotare`,
        `${where}: "expected" applies only to an annotation case`,
      );
    if (c.annotateEn !== undefined)
      throw problem(
        `${where}: „annotateEn” se aplică doar unui caz de adnotare`,
        `${where}: "annotateEn" applies only to an annotation case`,
      );
    if (base.assert.some((a) => a.type === "annotation")) {
      throw problem(
        `${where}: aserțiunea „annotation” se aplică doar unui caz de adnotare`,
        `${where}: the "annotation" assertion applies only to an annotation case`,
      );
    }
    return {
      ...base,
      kind: "prompt",
      prompt: c.prompt!,
      system: c.system ?? input.system,
      sources: c.sources,
      maxTokens: c.maxTokens,
    };
  });
  return {
    id,
    name: input.name,
    ...(input.nameEn ? { nameEn: input.nameEn } : {}),
    description: input.description,
    ...(input.descriptionEn ? { descriptionEn: input.descriptionEn } : {}),
    defaults: { runs: input.defaults?.runs, temperatures: input.defaults?.temperatures },
    cases,
  };
}

/** Parses suite text as YAML (a superset of JSON, so JSON files read the same way). */
export function parseSuiteText(text: string, id = "inline"): Suite {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw problem(
      `suita nu se poate citi (YAML/JSON): ${why}`,
      `the suite cannot be read (YAML/JSON): ${why}`,
    );
  }
  return parseSuite(value, id);
}

const SUITE_EXTENSIONS = [".yaml", ".yml", ".json"];

function suiteId(file: string): string {
  const base = path.basename(file);
  const ext = SUITE_EXTENSIONS.find((e) => base.endsWith(e)) ?? "";
  return base.slice(0, base.length - ext.length);
}

export function loadSuite(file: string): Suite {
  if (!existsSync(file))
    throw problem(`fișierul suitei nu există: ${file}`, `the suite file does not exist: ${file}`);
  return parseSuiteText(readFileSync(file, "utf8"), suiteId(file));
}

/** The folder of shipped suites: `suites/` of the working directory (where `npm start` and the CLI run). */
export function defaultSuitesDir(): string {
  return path.resolve("suites");
}

export const DEFAULT_SUITE_ID = "default.ro";

export function defaultSuitePath(dir = defaultSuitesDir()): string {
  return path.join(dir, `${DEFAULT_SUITE_ID}.yaml`);
}

export function suiteInfo(suite: Suite, lang: Lang = "ro"): SuiteInfo {
  const counts = new Map<string, number>();
  for (const c of suite.cases) counts.set(c.criterion, (counts.get(c.criterion) ?? 0) + 1);
  const en = lang === "en";
  return {
    id: suite.id,
    name: (en && suite.nameEn) || suite.name,
    description: (en && suite.descriptionEn) || suite.description,
    cases: suite.cases.length,
    criteria: [...counts].map(([id, cases]) => ({ id, label: criterionLabel(id, lang), cases })),
    defaults: suite.defaults,
    repeats: suite.cases.map((c) => c.repeat),
    annotationCases: suite.cases.filter((c) => c.kind === "annotation").length,
    groundedCases: suite.cases.filter((c) => c.kind === "prompt" && c.sources).length,
  };
}

/** Every valid suite in a folder, the default first; a file that does not validate is left out. */
export function listSuites(dir = defaultSuitesDir()): {
  suites: Suite[];
  invalid: { file: string; message: string }[];
} {
  if (!existsSync(dir)) return { suites: [], invalid: [] };
  const suites: Suite[] = [];
  const invalid: { file: string; message: string }[] = [];
  const files = readdirSync(dir)
    .filter((f) => SUITE_EXTENSIONS.some((e) => f.endsWith(e)))
    .sort();
  for (const file of files) {
    try {
      suites.push(loadSuite(path.join(dir, file)));
    } catch (err) {
      invalid.push({
        file,
        message: err instanceof AppError ? String(err.params.detail ?? err.code) : String(err),
      });
    }
  }
  suites.sort((a, b) => Number(b.id === DEFAULT_SUITE_ID) - Number(a.id === DEFAULT_SUITE_ID));
  return { suites, invalid };
}

/** A shipped suite by id ("default" is the default suite); throws input:invalid naming the known ones. */
export function findSuite(id: string, dir = defaultSuitesDir()): Suite {
  const wanted = id === "default" ? DEFAULT_SUITE_ID : id;
  const { suites } = listSuites(dir);
  const suite = suites.find((s) => s.id === wanted);
  if (!suite) {
    const known = suites.map((s) => s.id).join(", ");
    throw problem(
      `suita „${id}” nu există (disponibile: ${known || "niciuna"})`,
      `the suite "${id}" does not exist (available: ${known || "none"})`,
    );
  }
  return suite;
}

/** The file of a shipped suite that validates ("default" is the default suite), for the page's template download. */
export function findSuiteFile(id: string, dir = defaultSuitesDir()): { file: string; text: string } {
  const suite = findSuite(id, dir);
  const name = readdirSync(dir)
    .sort()
    .find((f) => SUITE_EXTENSIONS.some((e) => f.endsWith(e)) && suiteId(f) === suite.id);
  if (!name) throw problem(`suita „${id}” nu există`, `the suite "${id}" does not exist`);
  return { file: name, text: readFileSync(path.join(dir, name), "utf8") };
}
