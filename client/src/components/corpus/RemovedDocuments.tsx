// The corpus page's "Deleted documents": the documents deleted from the corpus (the removal ledger, newest first),
// each with "Put back" after a confirmation naming it and its collection (a job like its deletion, whose progress the
// job panel shows), or, when its lines are gone from corpus/removed, "Take out of the ledger". Read again whenever the
// page reads the corpus's state again (after every job). Lines of the ledger that cannot be read (a hand edit broke them)
// are counted in a warning: they list no document and keep no text out, but they are still in the file.
import { useEffect, useRef, useState } from "react";
import type {
  CorpusJobResponse,
  CorpusStatus,
  RemovedDocumentsResponse,
  RemovedDocumentView,
} from "../../../../contract/corpusPage";
import { inLanguage, type UserError } from "../../../../contract/errors";
import { fetchRemoved, restoreDocument } from "../../corpusApi";
import { useI18n } from "../../i18nContext";
import { keptError } from "../../keptError";
import { formatWhen } from "./format";
import { LedgerUnreadable } from "./LedgerUnreadable";

interface ListProps {
  removed: RemovedDocumentsResponse;
  /** A corpus job runs or waits: nothing can be put back now (the server would answer 409 corpus:busy). */
  busy: boolean;
  error?: UserError;
  onRestore(document: RemovedDocumentView): void;
}

/** The panel as it shows a list (rendered without a browser in tests). */
export function RemovedList({ removed, busy, error, onRestore }: ListProps) {
  const { t, lang } = useI18n();
  return (
    // Open from the start when some lines cannot be read: the warning would otherwise wait, folded, under a count
    // that does not show them ("Documente șterse (0)").
    <details
      className="corpus-card corpus-removed"
      data-testid="corpus-removed"
      data-count={removed.total}
      open={(removed.unreadable ?? 0) > 0 || undefined}
    >
      <summary>
        <h3>{t("corpus.removed.title", { count: removed.total })}</h3>
      </summary>
      <p className="hint">{t("corpus.removed.hint")}</p>
      <LedgerUnreadable
        count={removed.unreadable}
        testId="corpus-removed-unreadable"
        messages={["corpus.removed.unreadableOne", "corpus.removed.unreadable"]}
      />
      {error && (
        <p className="corpus-error" role="alert" data-testid="corpus-removed-error">
          {inLanguage(error, lang)}
        </p>
      )}
      {removed.total === 0 && <p className="hint">{t("corpus.removed.empty")}</p>}
      <ol className="corpus-result-list">
        {removed.documents.map((document) => {
          const name = document.title ?? document.id;
          const label = document.restorable ? "corpus.removed.restoreLabel" : "corpus.removed.releaseLabel";
          return (
            <li
              key={`${document.collection}/${document.id}/${document.removedAt}`}
              data-testid="corpus-removed-item"
              data-id={document.id}
              data-collection={document.collection}
            >
              <div className="corpus-result">
                <strong className="corpus-result-title">{name}</strong>
                <span className="corpus-result-meta">
                  {t("corpus.removed.meta", {
                    collection: document.collection,
                    when: formatWhen(document.removedAt, lang),
                  })}
                </span>
                {!document.restorable && <span className="hint">{t("corpus.removed.gone")}</span>}
              </div>
              <button
                type="button"
                className="ghost-button small corpus-result-delete"
                data-testid="corpus-removed-restore"
                data-ledger-only={document.restorable ? undefined : "true"}
                aria-label={t(label, { name, collection: document.collection })}
                title={busy ? t("corpus.removed.busy") : undefined}
                disabled={busy}
                onClick={() => onRestore(document)}
              >
                {t(document.restorable ? "corpus.removed.restore" : "corpus.removed.release")}
              </button>
            </li>
          );
        })}
      </ol>
      {removed.total > removed.documents.length && (
        <p className="hint">
          {t("corpus.removed.more", { shown: removed.documents.length, total: removed.total })}
        </p>
      )}
    </details>
  );
}

interface Props {
  /** The corpus's state: read again after every job, and the list with it. */
  status: CorpusStatus;
  busy: boolean;
  /** A restore was started: its job, which the page follows. */
  onStarted(response: CorpusJobResponse): void;
}

export function RemovedDocuments({ status, busy, onStarted }: Props) {
  const { t, lang } = useI18n();
  const [removed, setRemoved] = useState<RemovedDocumentsResponse>();
  const [error, setError] = useState<UserError>();
  useEffect(() => {
    const controller = new AbortController();
    fetchRemoved(controller.signal)
      .then(setRemoved)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(keptError(err));
      });
    return () => controller.abort();
  }, [status]);

  // One restore asked at a time: a second confirm while the first is sent starts nothing.
  const restoring = useRef(false);
  const restore = async (document: RemovedDocumentView) => {
    if (restoring.current) return;
    const name = document.title ?? document.id;
    const question = document.restorable ? "corpus.removed.confirmRestore" : "corpus.removed.confirmRelease";
    if (!window.confirm(t(question, { name, collection: document.collection }))) return;
    restoring.current = true;
    setError(undefined);
    try {
      const ledgerOnly = !document.restorable;
      onStarted(
        await restoreDocument(document.id, {
          collection: document.collection,
          removedAt: document.removedAt,
          ...(ledgerOnly ? { ledgerOnly } : {}),
        }),
      );
    } catch (err) {
      setError(keptError(err));
    } finally {
      restoring.current = false;
    }
  };

  // The list not read (yet, or at all): nothing to show but why it could not be read.
  if (!removed)
    return error ? (
      <p className="corpus-error" role="alert" data-testid="corpus-removed-error">
        {inLanguage(error, lang)}
      </p>
    ) : null;
  return <RemovedList removed={removed} busy={busy} error={error} onRestore={(d) => void restore(d)} />;
}
