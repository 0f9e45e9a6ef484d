// The tabs under the top bar: the chat, then the pages the signed-in person may open (a guest chats only; the chat's
// ratings of everyone, "Evaluări", are an admin's).
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18nContext";
import type { Page } from "../state/compare";

// A label too long for a phone's bar has a short form, shown under 600 pixels (the whole name stays in the title).
const TABS: readonly { page: Page; label: MessageKey; short?: MessageKey }[] = [
  { page: "chat", label: "nav.chat", short: "nav.chat.short" },
  { page: "compare", label: "nav.compare", short: "nav.compare.short" },
  { page: "annotate", label: "nav.annotate" },
  { page: "corpus", label: "nav.corpus" },
  { page: "ratings", label: "nav.ratings" },
];

interface Props {
  /** The page shown; the accounts page (opened from the account menu) marks no tab. */
  current: string;
  allowed: Record<Exclude<Page, "chat">, boolean>;
  onOpen: (page: Page) => void;
}

export function PageTabs({ current, allowed, onOpen }: Props) {
  const { t } = useI18n();
  return (
    <nav className="page-tabs" aria-label={t("app.name")}>
      {TABS.filter((tab) => tab.page === "chat" || allowed[tab.page]).map((tab) => (
        <button
          key={tab.page}
          type="button"
          data-testid={`nav-${tab.page}`}
          aria-current={current === tab.page ? "page" : undefined}
          onClick={() => onOpen(tab.page)}
          title={tab.short ? t(tab.label) : undefined}
        >
          {tab.short ? (
            <>
              <span className="tab-long">{t(tab.label)}</span>
              <span className="tab-short">{t(tab.short)}</span>
            </>
          ) : (
            t(tab.label)
          )}
        </button>
      ))}
    </nav>
  );
}
