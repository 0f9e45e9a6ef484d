// The importer's warnings as codes (contract/importWarnings.ts): every code is said in both languages, the Romanian
// as the importer has always written it (the CLI's output and the stored reports), the English with no Romanian left.
import { describe, expect, it } from "vitest";
import {
  IMPORT_WARNING_CODES,
  importWarningEn,
  importWarningRo,
  importWarningText,
  ImportWarningSchema,
  type ImportWarning,
  type ImportWarningCode,
  type ImportWarningOf,
} from "../../contract/importWarnings";

/** Examples of every code, with counts in each Romanian plural form (1, 2–19, 20+, 101, a thousand and more). */
const EXAMPLES: { [C in ImportWarningCode]: ImportWarningOf<C>[] } = {
  repeated_ids: [{ code: "repeated_ids" }],
  undecodable_chars: [1, 3, 20, 101, 1234].flatMap((count) => [
    { code: "undecodable_chars" as const, count, encoding: "windows-1250" },
    { code: "undecodable_chars" as const, count, encoding: "utf-8", adviseEncodingFlag: true },
  ]),
  imputed_dates: [1, 2, 20, 1234].map((count) => ({
    code: "imputed_dates" as const,
    count,
    date: "2025-04-01",
  })),
  many_fragments: [
    {
      code: "many_fragments",
      count: 1,
      threshold: 500,
      records: [{ id: "doc-1", title: "Annual report", fragments: 3510 }],
    },
    {
      code: "many_fragments",
      count: 7,
      threshold: 500,
      records: [
        { id: "a", fragments: 501 },
        { id: "b", fragments: 1234 },
      ],
    },
  ],
};
const ALL: ImportWarning[] = IMPORT_WARNING_CODES.flatMap((code): ImportWarning[] => EXAMPLES[code]);

// Letters only Romanian has here, and words of the Romanian wordings that English does not use.
const ROMANIAN_LETTERS = /[ăâîșşțţĂÂÎȘŞȚŢ]/;
const ROMANIAN_WORDS =
  /\b(de|nu|cu|au|fost|coloana|valori|repetate|id-urile|caracter|caractere|putut|decodat|decodate|verificați|codificarea|înregistrare|înregistrări|fără|dată|validă|primit|data|importului)\b/i;

describe("the importer's warnings, as codes", () => {
  it("has examples of every code, each valid by the schema", () => {
    expect(IMPORT_WARNING_CODES).toEqual([
      "repeated_ids",
      "undecodable_chars",
      "imputed_dates",
      "many_fragments",
    ]);
    for (const code of IMPORT_WARNING_CODES) expect(EXAMPLES[code].length, code).toBeGreaterThan(0);
    for (const warning of ALL) expect(ImportWarningSchema.parse(warning)).toEqual(warning);
  });

  it("says every code in English with no Romanian letter or word left, and in Romanian", () => {
    for (const warning of ALL) {
      const en = importWarningEn(warning);
      expect(en, JSON.stringify(warning)).not.toMatch(ROMANIAN_LETTERS);
      expect(en, JSON.stringify(warning)).not.toMatch(ROMANIAN_WORDS);
      expect(importWarningText(warning, "en")).toBe(en);
      const ro = importWarningRo(warning);
      expect(ro).not.toBe(en);
      expect(importWarningText(warning, "ro")).toBe(ro);
    }
  });

  it("writes the Romanian byte for byte as the importer and the preview did", () => {
    expect(importWarningRo({ code: "repeated_ids" })).toBe(
      "coloana de id are valori repetate; id-urile au fost generate",
    );
    const chars = (count: number, adviseEncodingFlag?: boolean) =>
      importWarningRo({ code: "undecodable_chars", count, encoding: "utf-8", adviseEncodingFlag });
    expect(chars(1)).toBe("1 caracter nu a putut fi decodat cu UTF-8");
    expect(chars(3)).toBe("3 caractere nu au putut fi decodate cu UTF-8");
    expect(chars(20, true)).toBe(
      "20 de caractere nu au putut fi decodate cu UTF-8; verificați codificarea (--encoding)",
    );
    expect(chars(1234)).toBe("1.234 de caractere nu au putut fi decodate cu UTF-8");
    const dates = (count: number) => importWarningRo({ code: "imputed_dates", count, date: "2025-04-01" });
    expect(dates(1)).toBe("1 înregistrare fără dată validă a primit data importului (2025-04-01)");
    expect(dates(2)).toBe("2 înregistrări fără dată validă au primit data importului (2025-04-01)");
    expect(dates(20)).toBe("20 de înregistrări fără dată validă au primit data importului (2025-04-01)");
  });

  it("writes the English the regular expressions gave, counts grouped as English writes them", () => {
    expect(importWarningEn({ code: "repeated_ids" })).toBe(
      "the id column has repeated values; the ids were generated",
    );
    expect(importWarningEn({ code: "undecodable_chars", count: 1, encoding: "windows-1250" })).toBe(
      "1 character could not be decoded with Windows-1250",
    );
    expect(importWarningEn({ code: "undecodable_chars", count: 1234, encoding: "utf-8" })).toBe(
      "1,234 characters could not be decoded with UTF-8",
    );
    expect(
      importWarningEn({ code: "undecodable_chars", count: 3, encoding: "utf-8", adviseEncodingFlag: true }),
    ).toBe("3 characters could not be decoded with UTF-8; check the encoding (--encoding)");
    expect(importWarningEn({ code: "imputed_dates", count: 1, date: "2025-04-01" })).toBe(
      "1 record without a valid date got the import's date (2025-04-01)",
    );
    expect(importWarningEn({ code: "imputed_dates", count: 20, date: "2025-04-01" })).toBe(
      "20 records without a valid date got the import's date (2025-04-01)",
    );
  });

  it("refuses a warning without its figures, or of a code it does not know", () => {
    expect(ImportWarningSchema.safeParse({ code: "undecodable_chars", count: 3 }).success).toBe(false);
    expect(
      ImportWarningSchema.safeParse({ code: "imputed_dates", count: 0, date: "2025-04-01" }).success,
    ).toBe(false);
    expect(ImportWarningSchema.safeParse({ code: "no_such_warning" }).success).toBe(false);
  });

  it("names the records that split into very many fragments, and counts the others", () => {
    const [one, seven] = EXAMPLES.many_fragments;
    expect(importWarningRo(one!)).toBe(
      "1 înregistrare se împarte în peste 500 de fragmente: „doc-1” (Annual report): 3.510 fragmente; " +
        "un text atât de lung este de obicei mai multe texte lipite (verificați coloana de text și separatorul)",
    );
    expect(importWarningEn(one!)).toBe(
      '1 record splits into more than 500 fragments: "doc-1" (Annual report): 3,510 fragments; ' +
        "a text that long is usually several texts run together (check the text column and the delimiter)",
    );
    expect(importWarningRo(seven!)).toContain(
      "7 înregistrări se împart în peste 500 de fragmente: „a”: 501 fragmente, „b”: 1.234 de fragmente și încă 5;",
    );
    expect(importWarningEn(seven!)).toContain(
      '7 records split into more than 500 fragments: "a": 501 fragments, "b": 1,234 fragments and 5 more;',
    );
  });
});
