// The comparison suite's shape: the course's criteria, the assertions a case may carry, the gold a case checks and
// the suite as read (zod schemas and the types made of them). Reading a suite from a file or a request is suite.ts.
import { z } from "zod";
import { TemperatureSchema } from "../../contract/settings";
import { EVAL_FIELDS, type EvalField } from "../../contract/annotation";
import { ReviewFieldsObject } from "../../contract/workbench/review";
import { FINISH_REASONS, SUITE_LIMITS, type AssertionType } from "../../contract/compare";
import type { Lang } from "../../contract/errors";
import { variantCriterionLabel } from "../../contract/compareSuiteVariants";

/**
 * The course's criteria, with the labels reports and the page show (Romanian; English for the page's switch). A suite
 * may add its own criteria, shown by their id; "Suita mea"'s variants' (`varianta-a`) read "Varianta A".
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
  return CRITERIA[id]?.[lang] ?? variantCriterionLabel(id, lang) ?? id;
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

export const ExpectedSchema = ReviewFieldsObject.refine((e) => Object.keys(e).length > 0, {
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
    /**
     * The prompt variant the case runs under ("a"): "Suita mea"'s variants block writes it
     * (contract/compareSuiteVariants.ts); the page's results group the cases by it.
     */
    variant: z
      .string()
      .refine((v) => /^[a-z]$/.test(v), {
        message: "o literă mică, a–z",
        params: { en: "one lower-case letter, a–z" },
      })
      .optional(),
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
  /** The prompt variant the case runs under, when the suite says. */
  variant?: string;
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
