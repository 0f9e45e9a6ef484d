// The chat screen: header, conversation (or starters), input with settings, and the source side panel.
import { useCallback, useEffect, useState } from "react";
import type { ModelsResponse } from "../../server/protocol";
import { fetchModels } from "./api";
import { Composer } from "./components/Composer";
import { Header } from "./components/Header";
import { MessageList } from "./components/MessageList";
import { SettingsPanel } from "./components/SettingsPanel";
import { SourcePanel } from "./components/SourcePanel";
import { sourceDomId } from "./components/SourceList";
import { Starters } from "./components/Starters";
import { safeStorage } from "./i18n";
import { useI18n } from "./i18nContext";
import { useChat } from "./socket/useChat";
import { findAnswer, isBusy, liveAnswer } from "./state/chat";
import { loadOverrides, saveOverrides, toChatSettings, type SettingsOverrides } from "./state/settings";
import { applyTheme, loadTheme, type Theme } from "./theme";

// The server's default MAX_MESSAGE_CHARS; the server still checks its configured limit and says so.
const MAX_MESSAGE_CHARS = 4000;

interface Selection {
  messageId: string;
  n: number;
}

export function App() {
  const { lang, t } = useI18n();
  const chat = useChat(lang);
  const { state } = chat;
  const [theme, setTheme] = useState<Theme>(loadTheme);
  const [models, setModels] = useState<ModelsResponse>();
  const [modelsError, setModelsError] = useState(false);
  const [overrides, setOverrides] = useState<SettingsOverrides>(() => loadOverrides(safeStorage()));
  const [draft, setDraft] = useState("");
  const [selected, setSelected] = useState<Selection>();

  const live = liveAnswer(state);
  const busy = isBusy(state);
  const selectedAnswer = selected ? findAnswer(state, selected.messageId) : undefined;

  useEffect(() => {
    const controller = new AbortController();
    fetchModels(controller.signal)
      .then((m) => {
        setModels(m);
        setModelsError(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        console.error(err);
        setModelsError(true);
      });
    return () => controller.abort();
  }, []);

  const toggleTheme = useCallback(() => {
    const next: Theme = theme === "dark" ? "light" : "dark";
    applyTheme(next);
    setTheme(next);
  }, [theme]);

  const changeSettings = useCallback((next: SettingsOverrides) => {
    setOverrides(next);
    saveOverrides(next, safeStorage());
  }, []);

  const { send, stop, reset } = chat;
  const sendText = useCallback(
    (text: string) => {
      setDraft("");
      void send(text, toChatSettings(overrides, models)).then((accepted) => {
        // Nothing typed is lost: a refused message goes back into the input unless the user typed anew.
        if (!accepted) setDraft((current) => (current === "" ? text : current));
      });
    },
    [send, overrides, models],
  );

  const openSource = useCallback((messageId: string, n: number) => {
    setSelected({ messageId, n });
    document
      .getElementById(sourceDomId(messageId, n))
      ?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);

  const newThread = useCallback(() => {
    setSelected(undefined);
    reset();
  }, [reset]);

  // Esc stops the answer being streamed; otherwise it closes the source panel.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (live) {
        e.preventDefault();
        stop();
      } else if (selected) {
        setSelected(undefined);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [live, selected, stop]);

  const panelOpen = Boolean(selected && selectedAnswer?.sources[selected.n - 1]);

  return (
    <div className={`app${panelOpen ? " with-panel" : ""}`}>
      <Header
        connection={chat.connection}
        theme={theme}
        onToggleTheme={toggleTheme}
        onNewThread={newThread}
        canStartNew={!busy && state.messages.length > 0}
      />
      <main className="layout">
        <section className="chat" aria-label={t("app.name")}>
          {state.notice && (
            <div className="notice" role="alert">
              <span>{state.notice.message}</span>
              <button type="button" className="link-button" onClick={chat.dismissNotice}>
                {t("error.dismiss")}
              </button>
            </div>
          )}
          {state.messages.length === 0 ? (
            <div className="message-scroll">
              <Starters onPick={sendText} disabled={busy} />
            </div>
          ) : (
            <MessageList messages={state.messages} selected={selected} onCite={openSource} />
          )}
          <Composer
            value={draft}
            onChange={setDraft}
            onSend={sendText}
            onStop={stop}
            streaming={Boolean(live)}
            stopping={Boolean(live?.stopRequested)}
            busy={busy}
            maxChars={MAX_MESSAGE_CHARS}
            toolbar={
              <SettingsPanel
                models={models}
                modelsError={modelsError}
                value={overrides}
                onChange={changeSettings}
              />
            }
          />
        </section>
        {panelOpen && selected && selectedAnswer && (
          <SourcePanel
            key={`${selected.messageId}-${selected.n}`}
            message={selectedAnswer}
            n={selected.n}
            onClose={() => setSelected(undefined)}
          />
        )}
      </main>
    </div>
  );
}
