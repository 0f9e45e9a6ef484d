// The corpus page's starter questions as the editor holds them (one row a question, four text fields), what a save
// sends (rows left blank are left out; the server trims and checks the limits: contract/starters.ts), and drafts
// suggested from what the corpus holds (its largest sources, its platforms, its period), in both languages.
import type { CorpusResponse } from "../../../contract/api";
import { STARTER_LABEL_MAX_CHARS, STARTERS_MAX, type Starter } from "../../../contract/starters";
import { platformName } from "../corpusNames";
import { translate, type Lang, type MessageKey } from "../i18n";

export interface StarterDraft {
  label: string;
  text: string;
  labelEn: string;
  textEn: string;
}

export const EMPTY_DRAFT: StarterDraft = { label: "", text: "", labelEn: "", textEn: "" };

export function toDrafts(starters: readonly Starter[]): StarterDraft[] {
  return starters.map((s) => ({
    label: s.ro.label,
    text: s.ro.text,
    labelEn: s.en?.label ?? "",
    textEn: s.en?.text ?? "",
  }));
}

const blank = (d: StarterDraft) => !d.label.trim() && !d.text.trim() && !d.labelEn.trim() && !d.textEn.trim();

/** The list a save sends: rows with nothing in them are left out. */
export function fromDrafts(drafts: readonly StarterDraft[]): Starter[] {
  return drafts
    .filter((d) => !blank(d))
    .map((d) => {
      const en = {
        ...(d.labelEn.trim() ? { label: d.labelEn } : {}),
        ...(d.textEn.trim() ? { text: d.textEn } : {}),
      };
      return Object.keys(en).length > 0
        ? { ro: { label: d.label, text: d.text }, en }
        : { ro: { label: d.label, text: d.text } };
    });
}

/** A label within the button's limit: a long source name is cut with an ellipsis. */
function fitLabel(label: string): string {
  return label.length <= STARTER_LABEL_MAX_CHARS
    ? label
    : `${label.slice(0, STARTER_LABEL_MAX_CHARS - 1).trimEnd()}…`;
}

function draft(
  label: MessageKey,
  text: MessageKey,
  params: (lang: Lang) => Record<string, string>,
): StarterDraft {
  return {
    label: fitLabel(translate("ro", label, params("ro"))),
    text: translate("ro", text, params("ro")),
    labelEn: fitLabel(translate("en", label, params("en"))),
    textEn: translate("en", text, params("en")),
  };
}

/**
 * Drafts from what the corpus holds: a question about each of its largest sources (up to three), one comparing its
 * two largest platforms, one about its period, and one about populism (what the app annotates); none when the corpus
 * has no sources. At most `room` of them.
 */
export function suggestStarters(facets: CorpusResponse | undefined, room = STARTERS_MAX): StarterDraft[] {
  if (!facets || facets.sources.length === 0) return [];
  const out: StarterDraft[] = [];
  const bySize = <T extends { count: number }>(list: readonly T[]) =>
    [...list].sort((a, b) => b.count - a.count);
  for (const { value } of bySize(facets.sources).slice(0, 3))
    out.push(
      draft("corpus.starters.suggest.sourceLabel", "corpus.starters.suggest.sourceText", () => ({
        source: value,
      })),
    );
  const [a, b] = bySize(facets.platforms);
  if (a && b)
    out.push(
      draft("corpus.starters.suggest.platformsLabel", "corpus.starters.suggest.platformsText", (lang) => ({
        a: platformName(lang, a.value),
        b: platformName(lang, b.value),
      })),
    );
  if (facets.dateMin && facets.dateMax && facets.dateMin !== facets.dateMax) {
    const [from, to] = [facets.dateMin, facets.dateMax];
    out.push(
      draft("corpus.starters.suggest.periodLabel", "corpus.starters.suggest.periodText", () => ({
        from,
        to,
      })),
    );
  }
  out.push(
    draft("corpus.starters.suggest.populismLabel", "corpus.starters.suggest.populismText", () => ({})),
  );
  return out.slice(0, Math.max(0, room));
}
