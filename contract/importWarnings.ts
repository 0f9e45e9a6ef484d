// The importer's warnings (corpus/pipeline/import, and the corpus page's preview) as values: a code and the figures it
// needs, defined once here, and said in Romanian or in English by one function a language. The CLI prints them in its
// language, the server's preview routes in the asker's, and the corpus page in its own (so that switching the page's
// language after a preview switches them too). Before, the importer wrote Romanian sentences and English came from
// regular expressions over them, which stopped translating as soon as one wording changed.
import { z } from "zod";
import { encodingName } from "./encodings";
import type { Lang } from "./lang";
import { formatNumber } from "./numbers";
import { countWith } from "./plural";

const Count = z.number().int().positive();

/**
 * From this many fragments (indexed passages, corpus/pipeline/chunk.ts) a single record is warned of: a 3.2 MB record
 * became 3,510 fragments unremarked. A text that long is usually several texts run together (a wrong delimiter or
 * text column, a whole site in one cell), and its passages crowd the answers' sources.
 */
export const MANY_FRAGMENTS = 500;
/** Records named in a many_fragments warning; the rest are counted. */
export const MANY_FRAGMENTS_NAMED = 5;

export const ImportWarningSchema = z.discriminatedUnion("code", [
  /** The column named like an id repeats a value among the first rows: every record got a generated id instead. */
  z.object({ code: z.literal("repeated_ids") }).strict(),
  /** Bytes the encoding does not define became U+FFFD: a sign that the encoding is wrong. */
  z
    .object({
      code: z.literal("undecodable_chars"),
      count: Count,
      encoding: z.string().min(1),
      /** Advise the command line's --encoding (the import's summary; the page's preview has a menu instead). */
      adviseEncodingFlag: z.boolean().optional(),
    })
    .strict(),
  /** Records without a usable date, dated with the import's day. */
  z
    .object({
      code: z.literal("imputed_dates"),
      count: Count,
      /** The import's day, YYYY-MM-DD. */
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .strict(),
  /** Records that each split into more than `threshold` fragments: how many, and the first of them by id. */
  z
    .object({
      code: z.literal("many_fragments"),
      count: Count,
      threshold: Count,
      records: z
        .array(
          z.object({ id: z.string().min(1), title: z.string().min(1).optional(), fragments: Count }).strict(),
        )
        .min(1)
        .max(MANY_FRAGMENTS_NAMED),
    })
    .strict(),
]);
export type ImportWarning = z.infer<typeof ImportWarningSchema>;
export type ImportWarningCode = ImportWarning["code"];
/** One warning of the given code. */
export type ImportWarningOf<C extends ImportWarningCode> = Extract<ImportWarning, { code: C }>;

/** Every code, in the schema's order. */
export const IMPORT_WARNING_CODES: readonly ImportWarningCode[] = ImportWarningSchema.options.map(
  (option) => option.shape.code.value,
);

function unknownCode(warning: never): never {
  throw new Error(`unknown import warning ${JSON.stringify(warning)}`);
}

const inRomanian = (n: number) => formatNumber(n, "ro");

/**
 * A warning in Romanian: counts grouped as Romanian writes them, with their noun ("1 caracter nu a putut fi
 * decodat", "20 de caractere nu au putut fi decodate", "1.234 de caractere …"), as the CLI and the pages write numbers.
 */
export function importWarningRo(warning: ImportWarning): string {
  switch (warning.code) {
    case "repeated_ids":
      return "coloana de id are valori repetate; id-urile au fost generate";
    case "undecodable_chars": {
      const chars = countWith(
        warning.count,
        ["caracter nu a putut fi decodat", "caractere nu au putut fi decodate"],
        "ro",
        inRomanian,
      );
      const advice = warning.adviseEncodingFlag ? "; verificați codificarea (--encoding)" : "";
      return `${chars} cu ${encodingName(warning.encoding)}${advice}`;
    }
    case "imputed_dates": {
      const records = countWith(
        warning.count,
        ["înregistrare fără dată validă a primit", "înregistrări fără dată validă au primit"],
        "ro",
        inRomanian,
      );
      return `${records} data importului (${warning.date})`;
    }
    case "many_fragments": {
      const records = countWith(
        warning.count,
        ["înregistrare se împarte", "înregistrări se împart"],
        "ro",
        inRomanian,
      );
      const named = warning.records
        .map((r) => {
          const fragments = countWith(r.fragments, ["fragment", "fragmente"], "ro", inRomanian);
          return `„${r.id}”${r.title ? ` (${r.title})` : ""}: ${fragments}`;
        })
        .join(", ");
      const others = warning.count - warning.records.length;
      const rest = others > 0 ? ` și încă ${inRomanian(others)}` : "";
      return (
        `${records} în peste ${countWith(warning.threshold, ["fragment", "fragmente"], "ro", inRomanian)}: ` +
        `${named}${rest}; un text atât de lung este de obicei mai multe texte lipite (verificați coloana de text și separatorul)`
      );
    }
    default:
      return unknownCode(warning);
  }
}

const inEnglish = (n: number) => formatNumber(n, "en");

/** A warning in English: counts grouped as English writes them ("1,234 characters"). */
export function importWarningEn(warning: ImportWarning): string {
  switch (warning.code) {
    case "repeated_ids":
      return "the id column has repeated values; the ids were generated";
    case "undecodable_chars": {
      const chars = countWith(warning.count, ["character", "characters"], "en", inEnglish);
      const advice = warning.adviseEncodingFlag ? "; check the encoding (--encoding)" : "";
      return `${chars} could not be decoded with ${encodingName(warning.encoding)}${advice}`;
    }
    case "imputed_dates": {
      const records = countWith(warning.count, ["record", "records"], "en", inEnglish);
      return `${records} without a valid date got the import's date (${warning.date})`;
    }
    case "many_fragments": {
      const records = countWith(warning.count, ["record splits", "records split"], "en", inEnglish);
      const named = warning.records
        .map((r) => {
          const fragments = countWith(r.fragments, ["fragment", "fragments"], "en", inEnglish);
          return `"${r.id}"${r.title ? ` (${r.title})` : ""}: ${fragments}`;
        })
        .join(", ");
      const others = warning.count - warning.records.length;
      const rest = others > 0 ? ` and ${inEnglish(others)} more` : "";
      return (
        `${records} into more than ${countWith(warning.threshold, ["fragment", "fragments"], "en", inEnglish)}: ` +
        `${named}${rest}; a text that long is usually several texts run together (check the text column and the delimiter)`
      );
    }
    default:
      return unknownCode(warning);
  }
}

/** A warning in the given language. */
export function importWarningText(warning: ImportWarning, lang: Lang): string {
  return lang === "en" ? importWarningEn(warning) : importWarningRo(warning);
}
