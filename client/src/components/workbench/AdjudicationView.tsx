// The "Adjudecare" view: rows that people labelled differently, each person's labels with who and when, the
// fields they split on marked, each one's note (why their label) and the words they marked as evidence (highlighted
// in the text) under them, and the final label to settle — proposed by majority, chosen per field, saved with the
// adjudicator's name.
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  REVIEW_FIELDS,
  REVIEW_FIELD_VALUES,
  type LabelsResponse,
  type RunSummary,
} from "../../../../contract/workbench";
import { EvidenceText } from "./ReviewEvidence";
import { useI18n } from "../../i18nContext";
import { adjudicationCountText, conflicts, type Conflict } from "../../state/adjudication";
import { reviewLabels, type Draft } from "../../state/review";
import { fetchItem, fetchLabels, saveAdjudication } from "../../workbenchApi";
import { formatDate } from "./DatasetList";
import { errorText, isAbort } from "./errorText";
import { fieldName, labelText } from "../../labelWords";
import { ScrollRegion } from "../ScrollRegion";

export function ConflictCard({
  run,
  conflict,
  adjudicator,
  onSaved,
}: {
  run: RunSummary;
  conflict: Conflict;
  adjudicator: string;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Draft>(conflict.proposal);
  const [note, setNote] = useState(conflict.adjudication?.note ?? "");
  const [text, setText] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    fetchItem(run.id, conflict.idx, {}, controller.signal)
      .then((item) => setText(item.text))
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(errorText(err, t));
      });
    return () => controller.abort();
  }, [run.id, conflict.idx, t]);

  async function save() {
    const labels = reviewLabels(draft);
    if (!labels || !adjudicator.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await saveAdjudication(run.datasetId, conflict.idx, {
        adjudicator: adjudicator.trim(),
        labels,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onSaved();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const fields = REVIEW_FIELDS.filter((f) => conflict.labels.some((l) => l.labels[f] !== undefined));
  return (
    <li
      className={`wb-conflict${conflict.settled ? " settled" : ""}`}
      data-testid="adjudication-item"
      data-idx={conflict.idx}
    >
      <header className="wb-review-head">
        <strong>{t("wb.item.title", { n: conflict.idx + 1 })}</strong>
        <span className="hint">
          {conflict.settled && conflict.adjudication
            ? t("wb.adjudicate.settledBy", {
                name: conflict.adjudication.annotator,
                date: formatDate(conflict.adjudication.updatedAt, lang),
              })
            : conflict.fields.length === 0
              ? t("wb.adjudicate.openUnsure")
              : t("wb.adjudicate.open", { fields: conflict.fields.map((f) => fieldName(f, t)).join(", ") })}
        </span>
      </header>
      {text && <p className="wb-full-text">{text}</p>}
      <ScrollRegion label={t("wb.adjudicate.table")}>
        <table className="compare-table wb-adjudicate-table">
          <thead>
            <tr>
              <th scope="col">{t("wb.adjudicate.field")}</th>
              {conflict.labels.map((l) => (
                <th key={l.annotator} scope="col" title={formatDate(l.updatedAt, lang)}>
                  {l.annotator}
                  {l.status === "unsure" && (
                    <span className="hint" data-testid="adjudicate-unsure">
                      {" "}
                      ({t("wb.adjudication.unsure")})
                    </span>
                  )}
                </th>
              ))}
              <th scope="col">{t("wb.adjudicate.final")}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field} className={conflict.fields.includes(field) ? "contested" : undefined}>
                <th scope="row">{fieldName(field, t)}</th>
                {conflict.labels.map((l) => (
                  <td key={l.annotator}>
                    {l.labels[field] ? labelText(field, l.labels[field]!, t, lang) : "—"}
                  </td>
                ))}
                <td>
                  <select
                    data-testid="adjudication-choice"
                    data-field={field}
                    value={draft[field] ?? ""}
                    onChange={(e) => setDraft({ ...draft, [field]: e.target.value || undefined })}
                  >
                    <option value="">—</option>
                    {REVIEW_FIELD_VALUES[field].map((v) => (
                      <option key={v} value={v}>
                        {labelText(field, v, t, lang)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
            {text && conflict.labels.some((l) => l.evidence?.length) && (
              <tr data-testid="adjudication-evidence">
                <th scope="row">{t("wb.adjudicate.evidence")}</th>
                {conflict.labels.map((l) => (
                  <td key={l.annotator} className="wb-evidence-cell">
                    {l.evidence?.length ? (
                      <EvidenceText text={text} spans={l.evidence} testId="adjudicate-evidence" />
                    ) : (
                      "—"
                    )}
                  </td>
                ))}
                <td />
              </tr>
            )}
            {conflict.labels.some((l) => l.note) && (
              <tr data-testid="adjudication-notes">
                <th scope="row">{t("wb.adjudicate.notes")}</th>
                {conflict.labels.map((l) => (
                  <td key={l.annotator} className="wb-note-cell">
                    {l.note ?? "—"}
                  </td>
                ))}
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
      <div className="wb-row">
        <label className="field wb-grow">
          <span>{t("wb.adjudicate.note")}</span>
          <input type="text" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button
          type="button"
          className="send-button"
          data-testid="adjudication-save"
          disabled={busy || !adjudicator.trim() || !reviewLabels(draft)}
          onClick={() => void save()}
        >
          {conflict.settled ? t("wb.adjudicate.resave") : t("wb.adjudicate.save")}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
    </li>
  );
}

export function AdjudicationView({
  run,
  adjudicator,
  freshness,
  onSaved,
}: {
  run: RunSummary;
  adjudicator: string;
  freshness: string;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const [labels, setLabels] = useState<LabelsResponse>();
  const [error, setError] = useState<string>();
  const [showSettled, setShowSettled] = useState(false);

  const load = useCallback(
    (signal?: AbortSignal) =>
      fetchLabels(run.datasetId, signal)
        .then(setLabels)
        .catch((err: unknown) => {
          if (!isAbort(err)) setError(errorText(err, t));
        }),
    [run.datasetId, t],
  );
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load, freshness]);

  const list = useMemo(() => (labels ? conflicts(labels) : []), [labels]);
  const open = list.filter((c) => !c.settled);
  const shown = showSettled ? list : open;

  return (
    <div className="wb-adjudicate" data-testid="adjudication">
      <p className="hint">{t("wb.adjudicate.hint")}</p>
      {!adjudicator.trim() && <p className="note note-warn">{t("wb.review.needName")}</p>}
      {error && <p className="error-text">{error}</p>}
      {labels && (
        <p className="hint">
          {adjudicationCountText(open.length, list.length, lang)}{" "}
          {list.length > open.length && (
            <label className="check">
              <input
                type="checkbox"
                checked={showSettled}
                onChange={(e) => setShowSettled(e.target.checked)}
              />
              {t("wb.adjudicate.showSettled")}
            </label>
          )}
        </p>
      )}
      <ul className="wb-conflicts">
        {shown.map((c) => (
          <ConflictCard
            key={`${c.idx}:${c.adjudication?.updatedAt ?? ""}`}
            run={run}
            conflict={c}
            adjudicator={adjudicator}
            onSaved={() => {
              onSaved();
              void load();
            }}
          />
        ))}
      </ul>
      {labels && list.length === 0 && <p className="hint">{t("wb.adjudicate.none")}</p>}
    </div>
  );
}
