// The comparison suite: cases grouped by the course's criteria, each with its assertions, read from JSON or YAML and
// validated with zod. A case is either a prompt (a chat call whose text is checked) or an annotation (a comment with
// gold labels, annotated the way the app annotates).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { TemperatureSchema } from "../../contract/settings";
import { EVAL_FIELDS, TONES, TOPICS, type EvalField } from "../../contract/annotation";
import { FINISH_REASONS, SUITE_LIMITS, type AssertionType, type SuiteInfo } from "../../contract/compare";
import { AppError, type Lang } from "../../contract/errors";
import { issueWords } from "../http/zodIssue";

/**
 * The course's criteria, with the labels reports and the page show (Romanian; English for the page's switch). A suite
 * may add its own criteria, shown by their id.
 */
const CRITERIA: Record<string, { ro: string; en: string }> = {
  romana: { ro: "Limba română", en: "Romanian language" },
  instructiuni: { ro: "Respectarea instrucțiunilor", en: "Following instructions" },
  adnotare: { ro: "Adnotare", en: "Annotation" },
  json: { ro: "Ieșire structurată (JSON)", en: "Structured output (JSON)" },
  stabilitate: { ro: "Stabilitate", en: "Stability" },
  refuz: { ro: "Refuzuri", en: "Refusals" },
  trunchiere: { ro: "Trunchiere", en: "Truncation" },
  /** The cases a user writes on the page ("Suita mea", contract/compareSuiteText.ts). */
  proprii: { ro: "Cazurile mele", en: "My cases" },
};

export function criterionLabel(id: string, lang: Lang = "ro"): string {
  return CRITERIA[id]?.[lang] ?? id;
}

const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "se scrie cu litere mici, cifre, „-” sau „_” (cel mult 64)");

/** A JSON Schema given inline in the suite (validated by our own small validator, see jsonSchema.ts). */
const JsonSchemaObject = z.record(z.unknown());

const negatable = { not: z.boolean().optional() };

export const AssertionSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("equals"),
      value: z.string(),
      ignoreCase: z.boolean().optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("contains"),
      value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      /** With a list: every item must occur ("all", default) or one is enough ("any"). */
      mode: z.enum(["all", "any"]).optional(),
      ignoreCase: z.boolean().optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("regex"),
      value: z.string().min(1),
      flags: z.string().optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("is-json"),
      /** "annotation" (the project's annotation schema) or an inline JSON Schema; none: any JSON. */
      schema: z.union([z.literal("annotation"), JsonSchemaObject]).optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("max-length"),
      value: z.number().int().positive(),
      unit: z.enum(["chars", "words", "sentences"]).optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("min-length"),
      value: z.number().int().positive(),
      unit: z.enum(["chars", "words", "sentences"]).optional(),
      ...negatable,
    })
    .strict(),
  z.object({ type: z.literal("language"), value: z.literal("ro").optional(), ...negatable }).strict(),
  z
    .object({
      type: z.literal("list"),
      min: z.number().int().nonnegative().optional(),
      max: z.number().int().positive().optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("latency"),
      /** Upper bound of the whole call, in ms. */
      maxMs: z.number().positive(),
      /** Upper bound of the time to the first token, in ms. */
      maxTtftMs: z.number().positive().optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("finish-reason"),
      value: z.enum(FINISH_REASONS),
      ...negatable,
    })
    .strict(),
  z.object({ type: z.literal("refusal"), ...negatable }).strict(),
  z
    .object({
      type: z.literal("annotation"),
      /** The gold fields checked (all of the case's `expected` by default). */
      fields: z.array(z.enum(EVAL_FIELDS)).min(1).optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("rubric"),
      /** The criteria scored 1..5 (the course's four by default: coerență, factualitate, concizie, rol). */
      criteria: z
        .array(
          z
            .object({
              id: slug,
              label: z.string().trim().min(1).max(80),
              description: z.string().trim().min(1).max(400),
            })
            .strict(),
        )
        .min(1)
        .max(8)
        .optional(),
      /** Least mean score (1..5) to pass; 3.5 by default. */
      min: z.number().min(1).max(5).optional(),
      /** The judge model (else the run's judges, else RUBRIC_JUDGE). */
      judge: z.string().trim().min(1).max(200).optional(),
      /** Let a model judge its own answers (never by default). */
      selfJudge: z.boolean().optional(),
      ...negatable,
    })
    .strict(),
  z
    .object({
      type: z.literal("stable"),
      /** Least mean similarity across the runs (token Jaccard for texts, label agreement for annotations). */
      min: z.number().min(0).max(1),
      ...negatable,
    })
    .strict(),
]);
export type Assertion = z.infer<typeof AssertionSchema>;
// The contract lists the assertion types for the client; the schema above defines exactly those, no more, no fewer.
true satisfies [Assertion["type"]] extends [AssertionType]
  ? [AssertionType] extends [Assertion["type"]]
    ? true
    : false
  : false;

/** Assertions judged once per case over all its runs, not per answer. */
export const CASE_LEVEL_ASSERTIONS: ReadonlySet<AssertionType> = new Set<AssertionType>(["stable"]);
/** Assertions a judge model decides, after the answer (server/quality/rubric.ts). */
export const JUDGED_ASSERTIONS: ReadonlySet<AssertionType> = new Set<AssertionType>(["rubric"]);

export const ExpectedSchema = z
  .object({
    ton: z.enum(TONES).optional(),
    populism: z.boolean().optional(),
    anti_elitism: z.boolean().optional(),
    popor_central: z.boolean().optional(),
    tema: z.enum(TOPICS).optional(),
  })
  .strict()
  .refine((e) => Object.keys(e).length > 0, {
    message: "cel puțin o etichetă",
    params: { en: "at least one label" },
  });
export type Expected = z.infer<typeof ExpectedSchema>;

const CaseInputSchema = z
  .object({
    id: slug,
    criterion: slug,
    title: z.string().trim().min(1).max(SUITE_LIMITS.title).optional(),
    /** The title the page shows in English (the Romanian one otherwise). */
    titleEn: z.string().trim().min(1).max(SUITE_LIMITS.title).optional(),
    /** Prompt case: the user's message. */
    prompt: z.string().min(1).max(SUITE_LIMITS.text).optional(),
    /** Prompt case: an English gloss of the prompt, shown beside it in English; never sent to a model. */
    promptEn: z.string().min(1).max(SUITE_LIMITS.text).optional(),
    /** Prompt case: a system prompt (the suite's `system` by default). */
    system: z.string().max(SUITE_LIMITS.text).optional(),
    /**
     * Prompt case: passages sent the way the chat sends retrieved sources (a numbered "Surse:" block, with the chat's
     * system prompt), so that the offline extractive model can answer too. `system` is ignored then.
     */
    sources: z
      .array(z.string().min(1).max(SUITE_LIMITS.sourceChars))
      .min(1)
      .max(SUITE_LIMITS.sources)
      .optional(),
    /** Prompt case: most output tokens (a small value checks truncation: finish_reason "length"). */
    maxTokens: z.number().int().positive().max(32_000).optional(),
    /** Annotation case: the text annotated with the codebook, as the app annotates. */
    annotate: z.string().min(1).max(SUITE_LIMITS.text).optional(),
    /** Annotation case: an English gloss of the text, shown beside it in English; never annotated. */
    annotateEn: z.string().min(1).max(SUITE_LIMITS.text).optional(),
    /** Annotation case: the gold labels. */
    expected: ExpectedSchema.optional(),
    /** Runs of this case at least (a stability case repeats even with --runs 1). */
    repeat: z.number().int().min(1).max(20).optional(),
    assert: z.array(AssertionSchema).max(SUITE_LIMITS.assertions).optional(),
  })
  .strict();

export const SuiteSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The name and description the page shows in English (the Romanian ones otherwise). */
    nameEn: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(4000).optional(),
    descriptionEn: z.string().max(4000).optional(),
    /** The system prompt of prompt cases that do not set their own. */
    system: z.string().max(20_000).optional(),
    defaults: z
      .object({
        runs: z.number().int().min(1).max(20).optional(),
        temperatures: z.array(TemperatureSchema).min(1).max(6).optional(),
      })
      .strict()
      .optional(),
    cases: z.array(CaseInputSchema).min(1).max(SUITE_LIMITS.cases),
  })
  .strict();
export type SuiteInput = z.infer<typeof SuiteSchema>;

interface CaseBase {
  id: string;
  criterion: string;
  title: string;
  /** The title in English, when the suite gives one. */
  titleEn?: string;
  /** An English gloss of the case's input (its prompt or its annotated text), when the suite gives one. */
  inputEn?: string;
  repeat: number;
  assert: Assertion[];
}

export interface PromptCase extends CaseBase {
  kind: "prompt";
  prompt: string;
  system?: string;
  sources?: string[];
  maxTokens?: number;
}

export interface AnnotationCase extends CaseBase {
  kind: "annotation";
  text: string;
  expected?: Expected;
}

export type SuiteCase = PromptCase | AnnotationCase;

export interface Suite {
  /** The file's base name without extension ("default.ro"), or "inline". */
  id: string;
  name: string;
  nameEn?: string;
  description?: string;
  descriptionEn?: string;
  defaults: { runs?: number; temperatures?: number[] };
  cases: SuiteCase[];
}

/** The gold fields a case checks, in schema order. */
export function expectedFields(expected: Expected | undefined): EvalField[] {
  if (!expected) return [];
  return EVAL_FIELDS.filter((f) => expected[f] !== undefined);
}

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
