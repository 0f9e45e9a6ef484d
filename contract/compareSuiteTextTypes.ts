// The shapes of the "Suita mea" text format's result: the suite the editor makes, its cases and checks, and the
// problems said in both languages. Kept apart from the parser so that the variants' module and the parser both stand
// on them without importing each other.

/** The suite the editor makes: the suite format's fields, nothing the server would not accept (a type, not an
 * interface, so that it is a plain record for the request's `suite`). */
export type TextSuite = {
  name: string;
  nameEn: string;
  cases: TextCase[];
};

export interface TextCase {
  id: string;
  criterion: string;
  title: string;
  /** The title on the English page: a variant's case says "variant A" there. */
  titleEn?: string;
  prompt: string;
  system?: string;
  sources?: string[];
  assert?: TextAssertion[];
  /** Runs of the case at least: a case asking for stable answers is answered STABLE_REPEAT times even at one run. */
  repeat?: number;
  /** The prompt variant the case runs under ("a"), when the text has a variants block. */
  variant?: string;
}

/** How often a case with `stabil:` is answered at least, as the shipped suite's stability cases are. */
export const STABLE_REPEAT = 3;

export type TextAssertion =
  | { type: "contains"; value: string; not?: true }
  | { type: "equals"; value: string; ignoreCase: true }
  | { type: "regex"; value: string }
  | { type: "is-json" }
  | { type: "max-length" | "min-length"; value: number; unit: "words" | "chars" | "sentences" }
  | { type: "language" }
  | { type: "list" }
  | { type: "refusal"; not?: true }
  | { type: "stable"; min: number };

/** A problem of the text, said in both languages; `line` is 1-based (null: the text as a whole). */
export interface TextProblem {
  line: number | null;
  /** The case (1-based) the line belongs to, when it belongs to one. */
  case: number | null;
  ro: string;
  en: string;
}
