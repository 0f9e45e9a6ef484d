// The annotation schema, defined once: the LLM's structured output, validation, the REST API and the UI all use
// it. The core (`ton`, `populism`) is fixed; the other fields follow the codebook (docs/codebook.md).
import { z } from "zod";

export const CODEBOOK_VERSION = "1.1.0";

export const TONES = ["pozitiv", "negativ", "neutru"] as const;
export type Tone = (typeof TONES)[number];

export const TOPICS = [
  "pensii",
  "taxe",
  "coruptie",
  "sanatate",
  "educatie",
  "ue",
  "energie",
  "justitie",
  "alegeri",
  "diaspora",
  "salarii",
  "preturi",
  "altele",
] as const;
export type Topic = (typeof TOPICS)[number];

/** The topics as Romanian text says them (the ids are folded for the schema): "educație", not "educatie". */
export const TOPIC_NAMES_RO: Record<Topic, string> = {
  pensii: "pensii",
  taxe: "taxe",
  coruptie: "corupție",
  sanatate: "sănătate",
  educatie: "educație",
  ue: "UE",
  energie: "energie",
  justitie: "justiție",
  alegeri: "alegeri",
  diaspora: "diaspora",
  salarii: "salarii",
  preturi: "prețuri",
  altele: "altele",
};

/** The tones in English, as the English pages name them (the export written from an English page). */
export const TONE_NAMES_EN: Record<Tone, string> = {
  pozitiv: "positive",
  negativ: "negative",
  neutru: "neutral",
};

/** The topics in English, for the English UI and the lexicon's justifications read in English. */
export const TOPIC_NAMES_EN: Record<Topic, string> = {
  pensii: "pensions",
  taxe: "taxes",
  coruptie: "corruption",
  sanatate: "health",
  educatie: "education",
  ue: "EU",
  energie: "energy",
  justitie: "justice",
  alegeri: "elections",
  diaspora: "diaspora",
  salarii: "wages",
  preturi: "prices",
  altele: "other",
};

/** The longest `justificare` the schema accepts. */
export const JUSTIFICATION_MAX_CHARS = 400;

export const AnnotationSchema = z.object({
  ton: z.enum(TONES).describe("Tonul general al autorului față de subiect (ironia după sensul intenționat)"),
  populism: z
    .boolean()
    .describe("Adevărat doar dacă textul opune poporul unei elite corupte (anti-elitism ȘI popor central)"),
  anti_elitism: z
    .boolean()
    .describe(
      "Textul atacă moral elitele (politicieni, partide, instituții) ca fiind corupte sau rupte de popor; critica unei măsuri nu se pune",
    ),
  popor_central: z
    .boolean()
    .describe("Textul invocă 'poporul', 'oamenii simpli', 'românii' ca grup omogen și virtuos"),
  tema: z.enum(TOPICS).describe("Tema principală, din lista fixă"),
  tinta: z
    .string()
    .nullable()
    .describe("Cine este vizat (persoană, partid, instituție, grup), scris ca în text, sau null"),
  incredere: z.number().min(0).max(1).describe("Cât de sigur este adnotatorul, între 0 și 1"),
  justificare: z
    .string()
    .max(JUSTIFICATION_MAX_CHARS)
    .describe("O singură propoziție care justifică etichetele"),
  dovezi: z.array(z.string()).optional().describe("Cuvintele din text pe care se sprijină adnotarea"),
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/** The annotation's fields in schema order, e.g. for CSV columns (a test keeps it equal to the schema's keys). */
export const ANNOTATION_FIELDS = [
  "ton",
  "populism",
  "anti_elitism",
  "popor_central",
  "tema",
  "tinta",
  "incredere",
  "justificare",
  "dovezi",
] as const satisfies readonly (keyof Annotation)[];

/** The fields with a closed set of labels, which `evaluate` and the comparisons score against gold. */
export const EVAL_FIELDS = [
  "ton",
  "populism",
  "anti_elitism",
  "popor_central",
  "tema",
] as const satisfies readonly (keyof Annotation)[];
export type EvalField = (typeof EVAL_FIELDS)[number];

export function isEvalField(name: string): name is EvalField {
  return (EVAL_FIELDS as readonly string[]).includes(name);
}

/**
 * The codebook's populism rule (Mudde 2004): populism needs anti-elitism AND people-centrism. An annotation that says
 * populism without both is valid JSON but breaks the codebook; `evaluate` counts such outputs.
 */
export function populismConsistent(
  annotation: Pick<Annotation, "populism" | "anti_elitism" | "popor_central">,
): boolean {
  return !annotation.populism || (annotation.anti_elitism && annotation.popor_central);
}

/** An annotation as stored and sent: the labels plus who made them and under which codebook. */
export const AnnotationRecordSchema = z.object({
  annotation: AnnotationSchema,
  model: z.string(),
  codebookVersion: z.string(),
  temperature: z.number().nullable(),
});
export type AnnotationRecord = z.infer<typeof AnnotationRecordSchema>;
