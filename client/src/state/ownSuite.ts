// "Suita mea" on the compare page: the user's own cases, written in the editor (contract/compareSuiteText.ts) or read
// from a suite file (YAML or JSON, checked by the server), kept in localStorage so that a reload, a tab switch or a
// refusal loses nothing typed. No React.
import { z } from "zod";
import { SUITE_LIMITS, type SuiteInfo } from "../../../contract/compare";
import { parseSuiteText } from "../../../contract/compareSuiteText";
import type { TextProblem, TextSuite } from "../../../contract/compareSuiteTextTypes";
import { formatBytes } from "../../../contract/fileSize";
import { safeStorage, type Lang } from "../i18n";

const KEY = "echochamber.compare.ownSuite";

export interface OwnSuiteDraft {
  /** Whether the run uses the user's suite (else the server's suite chosen in the list). */
  use: boolean;
  /** The editor's text. */
  text: string;
  /** A suite file the user chose: used instead of the text while it is there. */
  file: { name: string; text: string } | null;
}

export const EMPTY_DRAFT: OwnSuiteDraft = { use: false, text: "", file: null };

const DraftSchema = z.object({
  use: z.boolean(),
  text: z.string(),
  file: z.object({ name: z.string(), text: z.string() }).nullable(),
});

type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function loadOwnSuite(storage: DraftStorage | undefined = safeStorage()): OwnSuiteDraft {
  const kept = storage?.getItem(KEY);
  if (!kept) return EMPTY_DRAFT;
  try {
    const parsed = DraftSchema.safeParse(JSON.parse(kept));
    return parsed.success ? parsed.data : EMPTY_DRAFT;
  } catch (err) {
    if (err instanceof SyntaxError) return EMPTY_DRAFT;
    throw err;
  }
}

export function saveOwnSuite(draft: OwnSuiteDraft, storage: DraftStorage | undefined = safeStorage()): void {
  try {
    if (!draft.use && !draft.text && !draft.file) storage?.removeItem(KEY);
    else storage?.setItem(KEY, JSON.stringify(draft));
  } catch {
    // A storage too full for a large file keeps the text at least (a file can be chosen again).
    try {
      storage?.setItem(KEY, JSON.stringify({ ...draft, file: null }));
    } catch {
      // Nothing more to do: the draft stays on screen.
    }
  }
}

/** The editor's suite as the form counts it (each case `runs` times, a stable one at least its repeat; no defaults). */
export function textSuiteInfo(suite: TextSuite, lang: Lang): SuiteInfo {
  return {
    id: "inline",
    name: lang === "en" ? suite.nameEn : suite.name,
    cases: suite.cases.length,
    criteria: [],
    defaults: {},
    repeats: suite.cases.map((c) => c.repeat ?? 1),
  };
}

/** The editor's text read: the suite (and how many prompt variants its cases run under), or its problems in the page's language. */
export function readEditor(
  text: string,
  lang: Lang,
):
  | { suite: TextSuite; info: SuiteInfo; variants: number; problems: [] }
  | { suite: null; info: null; variants: 0; problems: string[] } {
  const result = parseSuiteText(text);
  if (!result.ok)
    return {
      suite: null,
      info: null,
      variants: 0,
      problems: result.problems.map((p: TextProblem) => p[lang]),
    };
  return {
    suite: result.suite,
    info: textSuiteInfo(result.suite, lang),
    variants: result.variants.length,
    problems: [],
  };
}

/** A chosen file too large to be a suite: its size and the limit, as the page says them; null when it is fine. */
export function fileTooLarge(size: number, lang: Lang): { size: string; limit: string } | null {
  if (size <= SUITE_LIMITS.fileBytes) return null;
  const locale = lang === "en" ? "en-GB" : "ro-RO";
  return { size: formatBytes(size, locale), limit: formatBytes(SUITE_LIMITS.fileBytes, locale) };
}
