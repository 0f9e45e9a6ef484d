// Blind preferences between two models' answers to the same case (the "Compară modele" page): what a person sends,
// what the server keeps, and the Bradley–Terry strengths it aggregates them into (docs/compare.md).
import { z } from "zod";

/** What the person picked: the answer shown as A (left), as B (right), or neither. */
export const PREFERENCE_CHOICES = ["a", "b", "tie"] as const;
export type PreferenceChoice = (typeof PREFERENCE_CHOICES)[number];

const Model = z.string().trim().min(1).max(401);

/** POST /api/compare/preferences: one blind verdict. */
export const PreferenceSchema = z
  .object({
    /** Who judged (a name typed in the UI until accounts exist). */
    person: z.string().trim().min(1).max(100),
    runId: z.string().trim().min(1).max(100),
    suiteId: z.string().trim().min(1).max(100),
    caseId: z.string().trim().min(1).max(100),
    temperature: z.number().min(0).max(2),
    run: z.number().int().min(1).max(100),
    /** The model whose answer was shown as A, and as B. */
    a: Model,
    b: Model,
    choice: z.enum(PREFERENCE_CHOICES),
  })
  .strict()
  .refine((p) => p.a !== p.b, {
    message: "a și b trebuie să fie modele diferite",
    // The English wording, for server/http/zodIssue.ts.
    params: { en: "a and b must be different models" },
    path: ["b"],
  });
export type PreferenceInput = z.infer<typeof PreferenceSchema>;

/** A verdict as stored: the pair in a fixed order (a < b), so that the side it was shown on does not matter. */
export interface StoredPreference {
  id: string;
  person: string;
  runId: string;
  suiteId: string;
  caseId: string;
  temperature: number;
  run: number;
  a: string;
  b: string;
  /** "a": `a` won; "b": `b` won. */
  choice: PreferenceChoice;
  createdAt: string;
}

export interface StrengthEntry {
  model: string;
  /** Bradley–Terry strength, the models' strengths summing to 1. */
  strength: number;
  /** 95% bootstrap interval of the strength. */
  low: number;
  high: number;
  wins: number;
  losses: number;
  ties: number;
}

/** GET /api/compare/preferences?suite=&run=&person=: the verdicts so far, aggregated. */
export interface PreferenceStats {
  models: StrengthEntry[];
  /** Verdicts counted. */
  comparisons: number;
  people: number;
  /** The person's own verdicts (when asked with ?person=), so that the page does not show them a pair again. */
  mine: { caseId: string; temperature: number; run: number; a: string; b: string }[];
  /** Resamples of the bootstrap. */
  resamples: number;
}

/** The pair's key, whichever side each model was shown on. */
export function pairKey(p: {
  caseId: string;
  temperature: number;
  run: number;
  a: string;
  b: string;
}): string {
  const [x, y] = [p.a, p.b].sort();
  return [p.caseId, p.temperature, p.run, x, y].join("\u0000");
}
