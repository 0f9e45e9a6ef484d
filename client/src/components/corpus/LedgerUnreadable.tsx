// The warning that lines of the removal ledger (corpus/removed.jsonl) cannot be read, counted: on the cleaning report
// (how the last clean read it) and on the "Documente șterse" panel (how it reads now). The lines list no document and
// keep no text out, but they are still in the file, for a person to mend.
import { agreeing } from "../../../../contract/plural";
import type { MessageKey } from "../../i18n";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";

export function LedgerUnreadable({
  count,
  testId,
  messages,
}: {
  count: number | undefined;
  testId: string;
  /** The sentence for one line and for several, each with `{lines}`. */
  messages: readonly [MessageKey, MessageKey];
}) {
  const { t, lang } = useI18n();
  if (!count) return null;
  return (
    <p className="corpus-warning" role="note" data-testid={testId} data-count={count}>
      {t(agreeing(count, messages, lang), { lines: countOf(count, NOUNS.fileLine, lang) })}
    </p>
  );
}
