// A document of "Explorează documentele", opened from its result. On a wide screen it stands beside the list and stays
// in the window while the list scrolls (its own scroll when it is longer); on a phone it is a full-screen modal sheet
// over the list. Either way its heading takes the focus without moving the page, and Esc closes it.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { CorpusDocument, TextSegment } from "../../../../contract/corpusExplore";
import { inLanguage, type UserError } from "../../../../contract/errors";
import { fetchDocument } from "../../corpusApi";
import { safeHttpUrl } from "../../format";
import { countOf, NOUNS } from "../../plural";
import { documentDate, platformName } from "../../corpusNames";
import { useI18n } from "../../i18nContext";
import { keptError } from "../../keptError";
import { useMediaQuery } from "../../useMediaQuery";
import { PHONE_QUERY } from "../../usePanels";
import { AnnotationBadge } from "../AnnotationBadge";
import { revealTop } from "./windowPlace";

export function Segments({ segments }: { segments: TextSegment[] }) {
  return (
    <>{segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>
  );
}

/**
 * A document's index-time annotation: no answer is streaming on this page, so the note says where a correction is
 * made instead of the chat's "once the answer has finished".
 */
export function DocumentAnnotation({
  annotation,
}: {
  annotation: NonNullable<CorpusDocument["annotation"]>;
}) {
  const { t } = useI18n();
  return (
    <div className="corpus-doc-annotation">
      <h5>{t("corpus.doc.annotation", { model: annotation.model })}</h5>
      <AnnotationBadge
        value={annotation}
        target="source"
        defaultOpen
        uncorrectableNote="corpus.doc.annotationNote"
      />
    </div>
  );
}

function useDocument(id: string, q: string): { doc?: CorpusDocument; error?: UserError } {
  const [doc, setDoc] = useState<CorpusDocument>();
  const [error, setError] = useState<UserError>();
  useEffect(() => {
    const controller = new AbortController();
    setDoc(undefined);
    setError(undefined);
    fetchDocument(id, q, controller.signal)
      .then(setDoc)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(keptError(err));
      });
    return () => controller.abort();
  }, [id, q]);
  return { doc, error };
}

interface FrameProps {
  sheet: boolean;
  onClose(): void;
  children: ReactNode;
}

/**
 * The pane's box: a region beside the list, or on a phone a modal dialog (the list behind it inert, the focus kept
 * inside). Esc closes it from wherever the focus is in it; the box itself takes a click's focus, so that a reader who
 * clicked in the text can press Esc too.
 */
function Frame({ sheet, onClose, children }: FrameProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const d = dialog.current;
    if (sheet && d && !d.open) d.showModal();
  }, [sheet]);
  const onKeyDown = (e: KeyboardEvent) => {
    // An editor inside that handles Esc itself (and prevents it) keeps the pane open.
    if (e.key !== "Escape" || e.defaultPrevented) return;
    e.preventDefault();
    onClose();
  };
  const common = {
    className: "corpus-doc",
    "data-testid": "corpus-doc",
    "aria-labelledby": "corpus-doc-title",
    tabIndex: -1,
    onKeyDown,
  };
  if (!sheet) return <section {...common}>{children}</section>;
  return (
    <dialog
      {...common}
      ref={dialog}
      // The browser's own close request (Esc with the focus outside any control, a phone's back gesture).
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}

export function DocumentPane({ id, q, onClose }: { id: string; q: string; onClose(): void }) {
  const { t, lang } = useI18n();
  const sheet = useMediaQuery(PHONE_QUERY);
  const { doc, error } = useDocument(id, q);
  const heading = useRef<HTMLHeadingElement>(null);
  // The reader lands on the document's heading; the page does not move (the pane is where they look).
  useLayoutEffect(() => heading.current?.focus({ preventScroll: true }), [id, sheet]);
  // Beside a list that ends in the window, the loaded document could push its own top out of it.
  useLayoutEffect(() => {
    const pane = heading.current?.closest(".corpus-doc");
    if (!sheet && pane) revealTop(pane);
  }, [doc, error, sheet]);
  const link = safeHttpUrl(doc?.url);
  return (
    <Frame sheet={sheet} onClose={onClose}>
      <div className="corpus-doc-head">
        <h4 id="corpus-doc-title" ref={heading} tabIndex={-1} data-testid="corpus-doc-title">
          {doc?.title ?? t("corpus.doc.title")}
        </h4>
        <button
          type="button"
          className="ghost-button small"
          data-testid="corpus-doc-close"
          aria-keyshortcuts="Escape"
          title={t("corpus.doc.closeHint")}
          onClick={onClose}
        >
          {t("corpus.doc.close")}
        </button>
      </div>
      {error && <p className="corpus-error">{inLanguage(error, lang)}</p>}
      {!doc && !error && <p className="loading">{t("corpus.doc.loading")}</p>}
      {doc && (
        <>
          <dl className="corpus-facts">
            <dt>{t("corpus.doc.source")}</dt>
            <dd>{doc.source}</dd>
            <dt>{t("corpus.doc.platform")}</dt>
            <dd>{platformName(lang, doc.platform)}</dd>
            <dt>{t("corpus.doc.date")}</dt>
            <dd data-testid="corpus-doc-date">{documentDate(lang, doc)}</dd>
            <dt>{t("corpus.doc.collection")}</dt>
            <dd>
              <code>{doc.collection}</code> · <code>{doc.id}</code>
            </dd>
            {doc.url && (
              <>
                <dt>{t("corpus.doc.link")}</dt>
                <dd>
                  {link ? (
                    <a href={link} target="_blank" rel="noreferrer noopener">
                      {doc.url}
                    </a>
                  ) : (
                    doc.url
                  )}
                </dd>
              </>
            )}
          </dl>
          <p className="corpus-doc-text">
            <Segments segments={doc.text} />
          </p>
          <p className="hint">{t("corpus.doc.chars", { n: countOf(doc.chars, NOUNS.character, lang) })}</p>
          {doc.annotation && <DocumentAnnotation annotation={doc.annotation} />}
          {Object.keys(doc.meta).length > 0 && (
            <details>
              <summary>{t("corpus.doc.meta")}</summary>
              <pre className="corpus-meta">{JSON.stringify(doc.meta, null, 2)}</pre>
            </details>
          )}
        </>
      )}
    </Frame>
  );
}
