// A count with its noun in the right form, in the UI's language: "1 rând", "2 rânduri", "20 de rânduri"; "1 row",
// "2 rows". The language rule is contract/plural.ts (the server's texts use it too); the pages' nouns are here.
import { countWith } from "../../contract/plural";
import { formatCount } from "./format";
import type { Lang } from "./i18n";

/** A noun's singular and plural, per language: { ro: ["rând", "rânduri"], en: ["row", "rows"] }. */
export type Noun = Record<Lang, readonly [one: string, many: string]>;

/** "1 rând", "3 rânduri", "20 de rânduri", "1 row", "3 rows"; the number formatted for the language. */
export function countOf(n: number, noun: Noun, lang: Lang): string {
  return countWith(n, noun[lang], lang, (value) => formatCount(value, lang));
}

/** The nouns the pages count with. */
export const NOUNS = {
  row: { ro: ["rând", "rânduri"], en: ["row", "rows"] },
  column: { ro: ["coloană", "coloane"], en: ["column", "columns"] },
  metaColumn: {
    ro: ["coloană de metadate", "coloane de metadate"],
    en: ["metadata column", "metadata columns"],
  },
  /** A bootstrap's resample (the agreement's intervals). */
  resample: { ro: ["reeșantionare", "reeșantionări"], en: ["resample", "resamples"] },
  line: { ro: ["linie", "linii"], en: ["line", "lines"] },
  failure: { ro: ["eșec", "eșecuri"], en: ["failure", "failures"] },
  annotation: { ro: ["adnotare", "adnotări"], en: ["annotation", "annotations"] },
  value: { ro: ["valoare", "valori"], en: ["value", "values"] },
  token: { ro: ["token", "tokeni"], en: ["token", "tokens"] },
  importedRow: { ro: ["rând importat", "rânduri importate"], en: ["row imported", "rows imported"] },
  skippedRow: { ro: ["rând sărit", "rânduri sărite"], en: ["row skipped", "rows skipped"] },
  shownRow: { ro: ["rând afișat", "rânduri afișate"], en: ["row shown", "rows shown"] },
  remainingRow: { ro: ["rând rămas", "rânduri rămase"], en: ["row left", "rows left"] },
  undatedDocument: {
    ro: ["document fără dată", "documente fără dată"],
    en: ["document without a date", "documents without a date"],
  },
  savedRow: { ro: ["rând salvat acum", "rânduri salvate acum"], en: ["saved now", "saved now"] },
  collection: { ro: ["colecție", "colecții"], en: ["collection", "collections"] },
  chunk: { ro: ["fragment", "fragmente"], en: ["chunk", "chunks"] },
  record: { ro: ["înregistrare", "înregistrări"], en: ["record", "records"] },
  /** A line of an imported file: Romanian says "rând" where English says "line". */
  fileLine: { ro: ["rând", "rânduri"], en: ["line", "lines"] },
  word: { ro: ["cuvânt", "cuvinte"], en: ["word", "words"] },
  /** A passage of a source beyond the one shown. */
  passage: { ro: ["fragment", "fragmente"], en: ["passage", "passages"] },
  matchingPassage: {
    ro: ["fragment potrivit întrebării", "fragmente potrivite întrebării"],
    en: ["passage matching the question", "passages matching the question"],
  },
  character: { ro: ["caracter", "caractere"], en: ["character", "characters"] },
  undecodableChar: {
    ro: ["caracter nedecodabil", "caractere nedecodabile"],
    en: ["undecodable character", "undecodable characters"],
  },
  repeatedId: { ro: ["id repetat", "id-uri repetate"], en: ["repeated id", "repeated ids"] },
  document: { ro: ["document", "documente"], en: ["document", "documents"] },
  source: { ro: ["sursă", "surse"], en: ["source", "sources"] },
  platform: { ro: ["platformă", "platforme"], en: ["platform", "platforms"] },
  /** An answer a comparison asks a model for. */
  answer: { ro: ["răspuns", "răspunsuri"], en: ["answer", "answers"] },
  model: { ro: ["model", "modele"], en: ["model", "models"] },
  temperature: { ro: ["temperatură", "temperaturi"], en: ["temperature", "temperatures"] },
  /** Someone who labelled a shared data set (the class's progress), or who gave a blind preference. */
  person: { ro: ["persoană", "persoane"], en: ["person", "people"] },
  /** A case of a comparison's suite. */
  testCase: { ro: ["caz", "cazuri"], en: ["case", "cases"] },
  /** A passage of the corpus, as the chat retrieves and annotates them. */
  corpusPassage: { ro: ["pasaj", "pasaje"], en: ["passage", "passages"] },
  foundPassage: { ro: ["pasaj găsit", "pasaje găsite"], en: ["passage found", "passages found"] },
  annotatedPassage: {
    ro: ["pasaj adnotat", "pasaje adnotate"],
    en: ["passage annotated", "passages annotated"],
  },
  /** The claims of an answer, checked against its sources (grounding). */
  supportedClaim: {
    ro: ["afirmație susținută", "afirmații susținute"],
    en: ["claim supported", "claims supported"],
  },
  step: { ro: ["pas", "pași"], en: ["step", "steps"] },
  filter: { ro: ["filtru", "filtre"], en: ["filter", "filters"] },
  selectedSource: { ro: ["sursă aleasă", "surse alese"], en: ["selected", "selected"] },
  /** A vector of the corpus index (one a chunk). */
  vector: { ro: ["vector", "vectori"], en: ["vector", "vectors"] },
  embeddedVector: {
    ro: ["vector calculat", "vectori calculați"],
    en: ["vector computed", "vectors computed"],
  },
  reusedVector: { ro: ["vector refolosit", "vectori refolosiți"], en: ["reused", "reused"] },
  /** The documents an index build found new, changed or gone, against the index before it. */
  newDocument: { ro: ["document nou", "documente noi"], en: ["new", "new"] },
  changedDocument: { ro: ["document modificat", "documente modificate"], en: ["changed", "changed"] },
  removedDocument: { ro: ["document eliminat", "documente eliminate"], en: ["removed", "removed"] },
  /** A 👍/👎 given to an answer in the chat (the "Evaluări din chat" page). */
  rating: { ro: ["evaluare", "evaluări"], en: ["rating", "ratings"] },
  /** The blind preference mode's figures. */
  preference: { ro: ["preferință", "preferințe"], en: ["preference", "preferences"] },
  /** A person's label of a row (labels per row, the overlap of a shared data set). */
  label: { ro: ["etichetă", "etichete"], en: ["label", "labels"] },
} as const satisfies Record<string, Noun>;
