// An answer's copy actions: "Copiază" (its text as written) and "Copiază cu surse" (its text, then the sources it
// cites under their numbers). Both work on a plain-http page too (clipboard.ts), say "Copiat" when done, and say
// so in the page's language when the browser refused.
import { useEffect, useState, type MouseEvent } from "react";
import { copyText } from "../clipboard";
import { useI18n } from "../i18nContext";
import { answerWithSources } from "../state/answerCopy";
import type { AssistantMessage } from "../state/chat";
import { CopyIcon } from "./Icons";

type Kind = "plain" | "sources";
type Outcome = { kind: Kind; copied: boolean };

/** How long "✓ Copiat" stays on the button. */
const COPIED_MS = 1500;

export function AnswerCopyButtons({ message }: { message: Pick<AssistantMessage, "text" | "sources"> }) {
  const { t, lang } = useI18n();
  const [outcome, setOutcome] = useState<Outcome>();

  useEffect(() => {
    if (!outcome?.copied) return;
    const timer = setTimeout(() => setOutcome(undefined), COPIED_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  if (!message.text) return null;

  async function copy(kind: Kind, event: MouseEvent<HTMLButtonElement>) {
    // The fallback selects a hidden text area, which takes the focus: it comes back to the button.
    const button = event.currentTarget;
    const text = kind === "plain" ? message.text : answerWithSources(message, lang);
    const copied = await copyText(text);
    button.focus();
    setOutcome({ kind, copied });
  }

  const done = (kind: Kind) => outcome?.kind === kind && outcome.copied;
  // While "✓ Copiat" shows, it is the button's name too (a name must contain the visible words).
  const name = (kind: Kind, idle: string) => (done(kind) ? t("actions.copied") : idle);
  const label = (kind: Kind, idle: string) =>
    done(kind) ? (
      `✓ ${t("actions.copied")}`
    ) : (
      <>
        <CopyIcon /> {idle}
      </>
    );

  return (
    <>
      <button
        type="button"
        className="ghost-button small"
        data-testid="copy-answer"
        aria-label={name("plain", t("copy.answerLabel"))}
        onClick={(e) => void copy("plain", e)}
      >
        {label("plain", t("actions.copy"))}
      </button>
      {message.sources.length > 0 && (
        <button
          type="button"
          className="ghost-button small"
          data-testid="copy-with-sources"
          aria-label={name("sources", t("copy.withSourcesLabel"))}
          onClick={(e) => void copy("sources", e)}
        >
          {label("sources", t("copy.withSources"))}
        </button>
      )}
      <span className="sr-only" role="status">
        {outcome?.copied ? t("copy.copiedStatus") : ""}
      </span>
      {outcome && !outcome.copied && (
        <p className="inline-error copy-failed" role="alert" data-testid="copy-failed">
          {t("copy.failed")}
        </p>
      )}
    </>
  );
}
