// The owner's annotation guidelines for the open data set (what counts as populism here, edge cases, examples): a
// Markdown textarea with its count against the server's limit, a preview rendered as the page renders untrusted
// Markdown (no raw HTML), and a save that says "saved" (or "cleared" for an empty text). Every person labelling the
// data set reads them in the labelling panel (GuidelinesPanel.tsx); the codebook stays the fields' definition.
import { useEffect, useId, useRef, useState } from "react";
import { GUIDELINES_MAX_CHARS, type DatasetGuidelines } from "../../../../contract/workbench";
import { formatCount } from "../../format";
import { useI18n } from "../../i18nContext";
import { countOf, NOUNS } from "../../plural";
import { draftChanged, draftCheck } from "../../state/guidelines";
import { saveGuidelines } from "../../workbenchApi";
import { SafeMarkdown } from "../SafeMarkdown";
import { formatDate } from "./DatasetList";
import { errorSaid } from "./errorText";

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; cleared: boolean }
  | { kind: "error"; error: unknown };

export function GuidelinesEditor({
  datasetId,
  guidelines,
  onGuidelines,
}: {
  datasetId: string;
  guidelines: DatasetGuidelines | null;
  onGuidelines: (guidelines: DatasetGuidelines | null) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(guidelines?.text ?? "");
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  // Another data set opened: its own guidelines, and no word about the last one's save.
  const shown = useRef(datasetId);
  useEffect(() => {
    if (shown.current === datasetId) return;
    shown.current = datasetId;
    setDraft(guidelines?.text ?? "");
    setSave({ kind: "idle" });
  }, [datasetId, guidelines]);

  const check = draftCheck(draft);
  const changed = draftChanged(draft, guidelines);

  async function onSave() {
    if (save.kind === "saving" || check.tooLong) return;
    const forId = datasetId;
    setSave({ kind: "saving" });
    try {
      const { guidelines: stored } = await saveGuidelines(forId, draft);
      if (shown.current !== forId) return;
      onGuidelines(stored);
      setDraft(stored?.text ?? "");
      setSave({ kind: "saved", cleared: stored === null });
    } catch (err) {
      if (shown.current === forId) setSave({ kind: "error", error: err });
    }
  }

  return (
    <section className="wb-guidelines" data-testid="dataset-guidelines" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t("wb.guidelines.title")}</h4>
      <p className="hint">{t("wb.guidelines.intro")}</p>
      <div className="field wb-guidelines-field">
        <label htmlFor={`${id}-text`}>{t("wb.guidelines.label")}</label>
        <textarea
          id={`${id}-text`}
          data-testid="dataset-guidelines-edit"
          rows={8}
          value={draft}
          placeholder={t("wb.guidelines.placeholder")}
          aria-describedby={`${id}-count`}
          aria-invalid={check.tooLong || undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            if (save.kind !== "saving") setSave({ kind: "idle" });
          }}
        />
        <span
          className={check.tooLong ? "error-text" : "hint"}
          id={`${id}-count`}
          data-testid="dataset-guidelines-count"
        >
          {t(check.tooLong ? "wb.guidelines.tooLong" : "wb.guidelines.count", {
            n: formatCount(check.chars, lang),
            max: countOf(GUIDELINES_MAX_CHARS, NOUNS.character, lang),
          })}
        </span>
      </div>
      <div className="wb-row">
        <button
          type="button"
          className="send-button"
          data-testid="dataset-guidelines-save"
          disabled={save.kind === "saving" || !changed || check.tooLong}
          onClick={() => void onSave()}
        >
          {save.kind === "saving"
            ? t("annotation.saving")
            : check.clears && guidelines
              ? t("wb.guidelines.clear")
              : t("wb.guidelines.save")}
        </button>
        {save.kind === "saved" && !changed && (
          <span className="hint" role="status" data-testid="dataset-guidelines-saved">
            {t(save.cleared ? "wb.guidelines.cleared" : "wb.guidelines.saved")}
          </span>
        )}
        {guidelines && (
          <span className="hint" data-testid="dataset-guidelines-updated">
            {t("wb.guidelines.updated", {
              date: formatDate(guidelines.updatedAt, lang),
              name: guidelines.updatedBy,
            })}
          </span>
        )}
      </div>
      {save.kind === "error" && (
        <p className="error-text" role="alert" data-testid="dataset-guidelines-error">
          {errorSaid(save.error, t, lang)}
        </p>
      )}
      {!check.clears && (
        <div className="wb-guidelines-preview" data-testid="dataset-guidelines-preview">
          <h5>{t("wb.guidelines.preview")}</h5>
          <SafeMarkdown text={draft} />
        </div>
      )}
    </section>
  );
}
