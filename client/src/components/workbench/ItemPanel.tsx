// One row whole, on demand: the full text, its metadata and gold labels, every model's annotation of every repeat
// (labels, confidence, target, justification, evidence, codebook version), and every person's label with who and
// when, the words they marked as evidence highlighted in the text, and the adjudication. Under blind review the server
// withholds other people's labels (with their spans) until this person has saved one (server/workbench/itemDetail.ts).
import { useEffect, useState } from "react";
import { justificationIn } from "../../../../contract/lexiconReasons";
import type { HumanReviewLabel, ItemDetail, RowAnnotation } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { temperatureShown } from "../../state/temperature";
import { fetchItem } from "../../workbenchApi";
import { formatDate } from "./DatasetList";
import { errorText, isAbort } from "./errorText";
import { ItemMetaList } from "./ItemMetaList";
import { LabelChips } from "./labels";
import { EvidenceText } from "./ReviewEvidence";

export function AnnotationList({ annotations }: { annotations: RowAnnotation[] }) {
  const { t, lang } = useI18n();
  return (
    <ul className="wb-annotations">
      {annotations.map((a) => (
        <li key={`${a.model}#${a.repeat}`} data-model={a.model} data-repeat={a.repeat}>
          <div className="wb-annotation-head">
            <code>{a.model}</code>
            {a.repeat > 1 && <span className="hint"> · {t("wb.item.repeat", { n: a.repeat })}</span>}
            {a.error ? (
              <span className="wb-bad"> · {a.error.message}</span>
            ) : (
              <>
                {" "}
                <LabelChips labels={a.labels} />
                {a.confidence !== null && <span className="hint"> {Math.round(a.confidence * 100)}%</span>}
              </>
            )}
          </div>
          {a.tinta && (
            <p>
              <strong>{t("annotation.target")}:</strong> {a.tinta}
            </p>
          )}
          {a.justificare && (
            <p>
              <strong>{t("annotation.justification")}:</strong> {justificationIn(a.justificare, lang)}
            </p>
          )}
          {a.dovezi.length > 0 && (
            <p>
              <strong>{t("annotation.evidence")}:</strong> {a.dovezi.map((d) => `„${d}”`).join(", ")}
            </p>
          )}
          <p className="hint">
            {t("wb.item.provenance", {
              codebook: a.codebookVersion,
              temperature: temperatureShown(a.temperature, lang),
              date: formatDate(a.createdAt, lang),
            })}
            {a.olderCodebook && <span className="wb-old"> · {t("wb.results.olderCodebook")}</span>}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** People's labels; with the row's `text`, each one's evidence spans highlighted in it (as the adjudication shows them). */
export function HumanLabelList({ labels, text }: { labels: HumanReviewLabel[]; text?: string }) {
  const { t, lang } = useI18n();
  return (
    <ul className="wb-human-labels" data-testid="item-human-labels">
      {labels.map((l) => (
        <li key={l.annotator}>
          <strong>{l.annotator}</strong> <LabelChips labels={l.labels} />{" "}
          <span className="hint">
            {formatDate(l.updatedAt, lang)}
            {l.blind ? ` · ${t("wb.item.blind")}` : ""} · {t("wb.item.codebook", { v: l.codebookVersion })}
          </span>
          {l.note && (
            <p className="hint wb-label-note" data-testid="item-label-note">
              {l.note}
            </p>
          )}
          {text !== undefined && l.evidence?.length ? (
            <div className="wb-label-evidence" data-testid="item-evidence" data-annotator={l.annotator}>
              <span className="hint">{t("wb.evidence.list")}:</span>
              <EvidenceText text={text} spans={l.evidence} testId="item-evidence-mark" />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ItemPanel({
  runId,
  idx,
  annotator,
  onClose,
}: {
  runId: string;
  idx: number;
  annotator: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [item, setItem] = useState<ItemDetail>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    setItem(undefined);
    setError(undefined);
    fetchItem(runId, idx, { annotator: annotator || undefined }, controller.signal)
      .then(setItem)
      .catch((err: unknown) => {
        if (!isAbort(err) && !controller.signal.aborted) setError(errorText(err, t));
      });
    return () => controller.abort();
  }, [runId, idx, annotator, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const gold = item ? Object.entries(item.gold) : [];
  return (
    <aside className="wb-item-panel" data-testid="item-panel" aria-label={t("wb.item.title", { n: idx + 1 })}>
      <div className="wb-item-head">
        <h3>{t("wb.item.title", { n: idx + 1 })}</h3>
        <button type="button" className="ghost-button small" onClick={onClose}>
          {t("panel.close")}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {!item && !error && <p className="hint">{t("wb.results.loading")}</p>}
      {item && (
        <>
          <p className="wb-full-text" data-testid="item-text">
            {item.text}
          </p>
          <p className="hint">
            {t("wb.item.id")}: <code>{item.itemId}</code>
          </p>
          <ItemMetaList meta={item.meta} />
          {gold.length > 0 && (
            <p>
              <strong>{t("wb.item.gold")}:</strong> <LabelChips labels={item.gold} />
            </p>
          )}
          <h4>{t("wb.item.models")}</h4>
          {item.annotations ? (
            <AnnotationList annotations={item.annotations} />
          ) : (
            <p className="hint">{t("wb.results.withheld")}</p>
          )}
          <ItemPeople item={item} />
        </>
      )}
    </aside>
  );
}

/**
 * The row's people: this person's own label, the others' (or that they wait, under blind review), and the
 * adjudication, each with the words marked as evidence highlighted in the row's text.
 */
export function ItemPeople({ item }: { item: ItemDetail }) {
  const { t } = useI18n();
  const people = item.labels ?? [];
  return (
    <>
      <h4>{t("wb.item.people")}</h4>
      {item.mine && <HumanLabelList labels={[item.mine]} text={item.text} />}
      {item.withheld && item.labels === null ? (
        <p className="hint" data-testid="item-people-withheld">
          {t("wb.item.peopleWithheld")}
        </p>
      ) : people.length > 0 ? (
        <HumanLabelList
          labels={people.filter((l) => l.annotator !== item.mine?.annotator)}
          text={item.text}
        />
      ) : (
        !item.mine && <p className="hint">{t("wb.item.noPeople")}</p>
      )}
      {item.adjudication && (
        <>
          <h4>{t("wb.item.adjudication")}</h4>
          <HumanLabelList labels={[item.adjudication]} text={item.text} />
        </>
      )}
    </>
  );
}
