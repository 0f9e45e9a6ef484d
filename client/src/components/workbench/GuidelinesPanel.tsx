// The data set's annotation guidelines above the labelling form, for everyone who labels it (blind review holds back
// labels, never the instructions). The panel opens by itself the first time a person labels the data set and again
// once the owner changed the guidelines since that person last had them open (remembered per browser, per account
// and data set: state/guidelines.ts); otherwise it starts folded. The button or the "?" key folds and unfolds it.
import { useCallback, useEffect, useId, useState } from "react";
import type { DatasetGuidelines } from "../../../../contract/workbench";
import { safeStorage } from "../../i18n";
import { useI18n } from "../../i18nContext";
import {
  guidelinesStart,
  loadSeen,
  markSeen,
  opensByItself,
  type GuidelinesStart,
} from "../../state/guidelines";
import { SafeMarkdown } from "../SafeMarkdown";
import { formatDate } from "./DatasetList";

interface PanelState {
  /** Which data set, person and version of the guidelines this state was worked out for. */
  key: string;
  start: GuidelinesStart;
  open: boolean;
}

function startFor(
  key: string,
  guidelines: DatasetGuidelines | null | undefined,
  datasetId: string,
  person: string,
  storage: Pick<Storage, "getItem"> | undefined,
): PanelState {
  const start = guidelinesStart(guidelines, loadSeen(storage, datasetId, person));
  return { key, start, open: opensByItself(start) };
}

/**
 * Whether the panel is open, and its toggle. Worked out again (during the render, so the first paint is right) when
 * the data set, the person or the guidelines' version changes; a version shown open is remembered as seen.
 */
export function useGuidelinesPanel(
  guidelines: DatasetGuidelines | null | undefined,
  datasetId: string,
  person: string,
  storage: Storage | undefined = safeStorage(),
) {
  const key = `${datasetId}\n${person}\n${guidelines?.updatedAt ?? ""}`;
  const [state, setState] = useState<PanelState>(() => startFor(key, guidelines, datasetId, person, storage));
  let current = state;
  if (state.key !== key) {
    current = startFor(key, guidelines, datasetId, person, storage);
    setState(current);
  }
  const updatedAt = guidelines?.updatedAt;
  useEffect(() => {
    if (current.open && updatedAt) markSeen(storage, datasetId, person, updatedAt);
  }, [current.open, updatedAt, datasetId, person, storage]);
  const toggle = useCallback(() => setState((s) => ({ ...s, open: !s.open })), []);
  return { open: current.open, start: current.start, toggle };
}

export function GuidelinesPanel({
  guidelines,
  open,
  start,
  onToggle,
}: {
  guidelines: DatasetGuidelines | null | undefined;
  open: boolean;
  start: GuidelinesStart;
  onToggle: () => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  if (!guidelines) return null;
  return (
    <section
      className="wb-guidelines-panel"
      data-testid="guidelines-panel"
      data-open={open ? "true" : "false"}
      aria-labelledby={`${id}-toggle`}
    >
      <button
        type="button"
        id={`${id}-toggle`}
        className="wb-guidelines-toggle"
        data-testid="guidelines-toggle"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        aria-keyshortcuts="?"
        onClick={onToggle}
      >
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> {t("wb.guidelines.title")}{" "}
        <kbd aria-hidden="true">?</kbd>
      </button>
      {open && start === "changed" && (
        <p className="note" data-testid="guidelines-changed">
          {t("wb.guidelines.changed")}
        </p>
      )}
      <div id={`${id}-body`} hidden={!open} data-testid="guidelines-body">
        <SafeMarkdown text={guidelines.text} className="markdown wb-guidelines-text" />
        <p className="hint">
          {t("wb.guidelines.updated", {
            date: formatDate(guidelines.updatedAt, lang),
            name: guidelines.updatedBy,
          })}{" "}
          · {t("wb.guidelines.key")}
        </p>
      </div>
    </section>
  );
}
