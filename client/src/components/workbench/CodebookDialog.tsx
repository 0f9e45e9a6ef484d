// The codebook in use (docs/codebook.md, as the server has it), viewable from the page in a dialog: its version,
// the Markdown and the changelog, so a person reviewing rows reads the same rules the models were given.
import { useEffect, useRef } from "react";
import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";
import type { CodebookResponse } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { codebookForDialog } from "../../state/codebookView";

export function CodebookDialog({ codebook, onClose }: { codebook: CodebookResponse; onClose: () => void }) {
  const { t, lang } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="wb-codebook"
      data-testid="codebook"
      onClose={onClose}
      aria-labelledby="wb-codebook-title"
    >
      <div className="wb-item-head">
        <h2 id="wb-codebook-title">
          {codebook.title} · {t("wb.codebook.version", { v: codebook.version })}
        </h2>
        <button type="button" className="ghost-button small" onClick={() => dialog.current?.close()}>
          {t("panel.close")}
        </button>
      </div>
      {lang !== "ro" && (
        <p className="note" data-testid="codebook-language">
          {t("wb.codebook.inRomanian")}
        </p>
      )}
      <div className="markdown wb-codebook-body" lang="ro">
        {/* Raw HTML is not rendered: the codebook is Markdown only. */}
        <Markdown remarkPlugins={[remarkGfm]}>{codebookForDialog(codebook.markdown)}</Markdown>
      </div>
      {codebook.changelog.length > 0 && (
        <section>
          <h3>{t("wb.codebook.changelog")}</h3>
          <ul>
            {codebook.changelog.map((c) => (
              <li key={c.version}>
                <strong>{c.version}</strong> ({c.date}): {c.changes.join("; ")}
              </li>
            ))}
          </ul>
        </section>
      )}
    </dialog>
  );
}
