// What a page of the address says to a user whose role cannot open it (a member at ?page=corpus, a guest at
// ?page=annotate): which role it is for, and a way back to the chat, instead of the chat shown without a word.
import type { MouseEvent } from "react";
import { useI18n } from "../i18nContext";
import type { PageRefusal } from "../state/accounts";

export function PageRefused({
  refusal,
  chatHref,
  onChat,
}: {
  refusal: PageRefusal;
  /** The address of the chat (the thread kept), for a link that also opens in a new tab. */
  chatHref: string;
  onChat: () => void;
}) {
  const { t } = useI18n();
  const toChat = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onChat();
  };
  return (
    <main id="main" className="compare-page" data-testid="page-refused" data-refusal={refusal}>
      <div className="compare-inner">
        <h2 className="compare-heading">{t(`access.refused.${refusal}`)}</h2>
        <p>
          <a href={chatHref} data-testid="page-refused-chat" onClick={toChat}>
            {t("access.refused.back")}
          </a>
        </p>
      </div>
    </main>
  );
}
