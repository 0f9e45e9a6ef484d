// "Suita mea": the user's cases written as text (one a block, with sources and checks) or a suite file chosen from
// the computer (checked by the server), a link to the default suite as a template, and every problem said next to
// the field it is about, with its line and case. The draft lives in the page (kept in localStorage, state/ownSuite.ts).
import { useId, type ChangeEvent } from "react";
import type { SuiteCheckResponse } from "../../../../contract/compare";
import { countOf, NOUNS } from "../../plural";
import { suiteFileUrl } from "../../api";
import { useI18n } from "../../i18nContext";
import type { OwnSuiteDraft } from "../../state/ownSuite";
import { sayPageError, type PageError } from "./pageError";

export interface FileState {
  /** The file's name, as chosen. */
  name: string;
  /** The file's check: pending, accepted (with the suite) or refused (why, said in the page's language). */
  status: "checking" | "ok" | "refused";
  checked?: SuiteCheckResponse;
  why?: PageError;
}

export interface OwnSuiteEditorProps {
  draft: OwnSuiteDraft;
  onText: (text: string) => void;
  onFile: (file: File) => void;
  onClearFile: () => void;
  onBlur: () => void;
  /** The editor's problems, shown once the user left the field or tried to run. */
  problems: string[];
  /** Cases the editor's text makes, when it reads. */
  cases: number | null;
  /** The prompt variants every written case runs under (0 without a variants block). */
  variants?: number;
  file: FileState | undefined;
}

export function OwnSuiteEditor({
  draft,
  onText,
  onFile,
  onClearFile,
  onBlur,
  problems,
  cases,
  variants = 0,
  file,
}: OwnSuiteEditorProps) {
  const { t, lang } = useI18n();
  const editorId = useId();
  const errorId = useId();
  const usesFile = draft.file !== null;
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0];
    if (chosen) onFile(chosen);
    // The same file chosen again (after fixing it) must fire a change.
    e.target.value = "";
  };
  return (
    <fieldset className="own-suite" data-testid="suite-own-panel">
      <legend>{t("compare.own.use")}</legend>
      <label className="own-suite-label" htmlFor={editorId}>
        {t("compare.own.editor")}
      </label>
      <p className="own-suite-help">{t("compare.own.editorHint")}</p>
      <p className="own-suite-help own-suite-keywords">{t("compare.own.keywords")}</p>
      <p className="own-suite-help own-suite-keywords">{t("compare.own.variants")}</p>
      <textarea
        id={editorId}
        data-testid="suite-editor"
        className="own-suite-editor"
        rows={10}
        spellCheck={false}
        value={draft.text}
        placeholder={t("compare.own.placeholder")}
        aria-invalid={!usesFile && problems.length > 0 ? true : undefined}
        aria-describedby={!usesFile && problems.length > 0 ? errorId : undefined}
        onChange={(e) => onText(e.target.value)}
        onBlur={onBlur}
      />
      {!usesFile && file?.status !== "refused" && problems.length > 0 && (
        <div className="inline-error" id={errorId} data-testid="suite-error" role="alert">
          <ul className="own-suite-problems">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {!usesFile && problems.length === 0 && cases !== null && (
        <p className="hint" data-testid="suite-own-cases">
          {variants > 1
            ? t("compare.own.casesVariants", { written: cases / variants, variants, n: cases })
            : t("compare.own.cases", { n: cases })}
        </p>
      )}
      <label className="field">
        <span>{t("compare.own.upload")}</span>
        <input
          type="file"
          data-testid="suite-upload"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          onChange={pick}
        />
      </label>
      {file?.status === "checking" && (
        <p className="hint" role="status">
          {t("compare.own.fileChecking", { name: file.name })}
        </p>
      )}
      {file?.status === "ok" && file.checked && (
        <p className="hint" data-testid="suite-file" role="status">
          {t("compare.own.fileUsed", {
            name: file.name,
            suite: file.checked.info.name,
            cases: countOf(file.checked.info.cases, NOUNS.testCase, lang),
          })}
        </p>
      )}
      {file?.status === "refused" && (
        <p className="inline-error" data-testid="suite-error" role="alert">
          {t("compare.own.fileRefused", {
            name: file.name,
            why: file.why ? sayPageError(file.why, t, lang) : "",
          })}
        </p>
      )}
      {draft.file && (
        <button type="button" className="link-button" data-testid="suite-file-clear" onClick={onClearFile}>
          {t("compare.own.fileClear")}
        </button>
      )}
      <p>
        <a href={suiteFileUrl("default")} download data-testid="suite-template">
          {t("compare.own.template")}
        </a>
      </p>
    </fieldset>
  );
}
