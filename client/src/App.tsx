// The chat screen: the thread list, the conversation (or starters), the input with its settings, and the
// source side panel. The current thread lives in the address (?thread=…) and in localStorage, so a reload
// (or a server restart) comes back to it.
import { lazy, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { CorpusResponse, ModelsResponse } from "../../contract/api";
import { setAddress, useAddressMoves } from "./address";
import { useAccess } from "./AccessGate";
import { pagesFor } from "./access";
import { fetchCorpus, fetchModels, setApiLang } from "./api";
import { MarkdownWarmup } from "./components/AnswerMarkdown";
import { CompareChatPanel, CompareChatToggle, useChatCompare } from "./components/compare/CompareChat";
import { ComparePage } from "./components/compare/ComparePage";
import { Composer } from "./components/Composer";
import { Header } from "./components/Header";
import { LazyPage } from "./components/LazyPage";
import { PageRefused } from "./components/PageRefused";
import { PageTabs } from "./components/PageTabs";
import { MessageList } from "./components/MessageList";
import { SettingsPanel } from "./components/SettingsPanel";
import { Sidebar } from "./components/Sidebar";
import { SourcePanel } from "./components/SourcePanel";
import { Starters } from "./components/Starters";
import { safeStorage } from "./i18n";
import { useI18n } from "./i18nContext";
import { useChat } from "./socket/useChat";
import { chatCompareModels, urlWithPage, type Page } from "./state/compare";
import { canRegenerate, isBusy, isStoppable, liveAnswer, questionOf } from "./state/chat";
import { chatTurns, lastShownAnswer, type VersionChoices } from "./state/answerVersions";
import { loadOverrides, saveOverrides, toChatSettings, type SettingsOverrides } from "./state/settings";
import { initialThreadId, provisionalThread, rememberThread, urlWithThread } from "./state/threads";
import type { SearchTarget } from "./state/threadSearch";
import { applyTheme, loadTheme, type Theme } from "./theme";
import { usePanels, isPhone } from "./usePanels";
import { useServerInfo } from "./useServerInfo";
import { useSourceSelection } from "./useSourceSelection";
import { useThreads } from "./useThreads";
import { loadDraft, loadDraftAttachments, saveDraft, saveDraftAttachments } from "./state/draft";
import { toPayload, type DraftAttachment } from "./state/attachments";
import { accountsAllowed, appPageFromSearch, pageRefusal, type AppPage } from "./state/accounts";

// The workbench is its own chunk: the chat does not download it (nor its table virtualiser).
const WorkbenchPage = lazy(() => import("./components/workbench/WorkbenchPage"));
// The corpus page is its own chunk: the chat does not download it.
const CorpusPage = lazy(() => import("./components/corpus/CorpusPage"));
// The chat's ratings of everyone (admins): its own chunk too.
const ChatFeedbackPage = lazy(() => import("./components/ChatFeedbackPage"));
// The accounts page (admins, AUTH=users), opened from the account menu: its own chunk too.
const AccountsPage = lazy(() => import("./components/AccountsPage"));

/** The server's default MAX_MESSAGE_CHARS, until GET /api/models says the configured one. */
const DEFAULT_MAX_MESSAGE_CHARS = 4000;

export function App() {
  const { lang, t } = useI18n();
  const chat = useChat(lang);
  const { state } = chat;
  const threads = useThreads();
  const [theme, setTheme] = useState<Theme>(loadTheme);
  const models = useServerInfo<ModelsResponse>(fetchModels);
  // Read again when the corpus page says the chat's corpus changed (a new source for the filters).
  const [corpusVersion, setCorpusVersion] = useState(0);
  const onCorpusChanged = useCallback(() => setCorpusVersion((v) => v + 1), []);
  const corpus = useServerInfo<CorpusResponse>(fetchCorpus, corpusVersion);
  const [overrides, setOverrides] = useState<SettingsOverrides>(() => loadOverrides(safeStorage()));
  const [draft, setDraft] = useState(() => loadDraft());
  /** The place beside the composer where "jump to latest" shows, so that it covers no line of the conversation. */
  const [jumpSlot, setJumpSlot] = useState<HTMLDivElement | null>(null);
  useEffect(() => saveDraft(draft), [draft]);
  // The message's attachments: kept for this tab like the draft (sessionStorage), so a reload does not lose them.
  const [attachments, setAttachments] = useState<DraftAttachment[]>(() => loadDraftAttachments());
  useEffect(() => saveDraftAttachments(attachments), [attachments]);
  const { sidebarOpen, toggleSidebar, closeDrawer, presentation, changePresentation } = usePanels();
  const [chosenPage, setPage] = useState<AppPage>(() => appPageFromSearch(location.search));
  // A guest chats only: the other pages are not offered (and the server refuses them).
  const access = useAccess();
  const allowed = { ...pagesFor(access.user), accounts: accountsAllowed(access.mode, access.user) };
  // A page of the address this role cannot open says so (and links to the chat) rather than showing the chat.
  const refusal = pageRefusal(chosenPage, access.mode, access.user);
  const page: AppPage = refusal ? "chat" : chosenPage;
  const [compareOn, setCompareOn] = useState(false);
  const [compareModels, setCompareModels] = useState<string[]>([]);
  const chatCompare = useChatCompare();
  const compareAvailable = useMemo(() => chatCompareModels(models.data), [models.data]);

  const live = liveAnswer(state);
  const busy = isBusy(state);
  const { selected, setSelected, selectedAnswer, panelOpen, openSource } = useSourceSelection(state);
  const closeSource = useCallback(() => setSelected(undefined), [setSelected]);
  const maxChars = models.data?.limits.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS;
  const maxAttachmentChars = models.data?.limits.maxAttachmentChars;
  const { openThread, reset, send, stop } = chat;
  const { refresh: refreshThreads, upsert: upsertThread } = threads;

  useEffect(() => setApiLang(lang), [lang]);

  // The page in the address (?page=compare), kept beside ?thread=…; each page is a history entry.
  const openPage = useCallback((next: Page) => {
    setPage(next);
    setAddress(urlWithPage(location.href, next), "push");
  }, []);

  // Back to the thread of the address or of the last visit.
  useEffect(() => {
    const id = initialThreadId(location.search, safeStorage());
    if (id) openThread(id);
  }, [openThread]);

  // The current thread in the address and in storage; the page title names it.
  const currentThread = threads.list.threads.find((th) => th.id === state.threadId);
  // Replaced, not pushed: a thread opened by hand pushed its entry already (pickThread, newThread); here the id a
  // first message gets, or the one restored on load, completes the current entry.
  useEffect(() => {
    setAddress(urlWithThread(location.href, state.threadId), "replace");
    rememberThread(state.threadId, safeStorage());
  }, [state.threadId]);
  useEffect(() => {
    document.title = currentThread ? `${currentThread.title} · ${t("app.name")}` : t("app.name");
  }, [currentThread, t]);

  // A thread made by the first message shows in the list at once; the server's copy replaces it when a turn
  // ends (its activity time changed).
  const firstQuestion = state.messages.find((m) => m.role === "user");
  useEffect(() => {
    if (!state.threadId || currentThread || !firstQuestion || state.loading) return;
    upsertThread(provisionalThread(state.threadId, firstQuestion.text));
  }, [state.threadId, currentThread, firstQuestion, state.loading, upsertThread]);
  const finished = state.messages.filter((m) => m.role === "assistant" && m.status !== "streaming").length;
  useEffect(() => {
    if (finished > 0) refreshThreads();
  }, [finished, refreshThreads]);

  const toggleTheme = useCallback(() => {
    const next: Theme = theme === "dark" ? "light" : "dark";
    applyTheme(next);
    setTheme(next);
  }, [theme]);

  const changeSettings = useCallback((next: SettingsOverrides) => {
    setOverrides(next);
    saveOverrides(next, safeStorage());
  }, []);

  // The version the reader chose in each turn (by the turn's key): the path shown through the thread's tree. A new
  // question follows its last answer, and "regenerate" is offered there.
  const [choices, setChoices] = useState<VersionChoices>({});
  const pageVersion = useCallback(
    (turn: string, index: number, count: number) =>
      setChoices((current) => ({ ...current, [turn]: { index, of: count } })),
    [],
  );
  const lastShown = useMemo(
    () => lastShownAnswer(chatTurns(state.messages, choices)),
    [state.messages, choices],
  );
  // Read through a ref so that the send callbacks stay the same while tokens stream.
  const followsRef = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    followsRef.current = lastShown?.id;
  }, [lastShown]);

  const { run: runChatCompare } = chatCompare;
  const sendText = useCallback(
    (text: string, attached: DraftAttachment[] = []) => {
      setDraft("");
      // The comparison asks with the message's attachments, and the server searches the open thread's as well.
      if (compareOn && compareModels.length >= 2 && compareModels.length <= 3) {
        setAttachments([]);
        const extra = {
          attachments: toPayload(attached),
          threadId: state.threadId,
          follows: followsRef.current,
        };
        void runChatCompare(
          text,
          compareModels,
          toChatSettings(overrides, models.data, corpus.data),
          extra,
        ).then((compared) => {
          // A refused comparison gives its attachments back, as a refused message does.
          if (!compared && attached.length)
            setAttachments((current) => (current.length ? current : attached));
        });
        return;
      }
      setAttachments([]);
      const extra = {
        ...(attached.length ? { attachments: toPayload(attached) } : {}),
        follows: followsRef.current,
      };
      void send(text, toChatSettings(overrides, models.data, corpus.data), undefined, extra).then(
        (accepted) => {
          // Nothing typed is lost: a refused message goes back into the input unless the user typed anew.
          if (accepted) return;
          setDraft((current) => (current === "" ? text : current));
          if (attached.length) setAttachments((current) => (current.length ? current : attached));
        },
      );
    },
    [send, overrides, models.data, corpus.data, compareOn, compareModels, runChatCompare, state.threadId],
  );

  const regenerable = lastShown && canRegenerate(state, lastShown.id) ? lastShown.id : undefined;
  // Read through a ref so the callback stays the same while tokens stream (the messages are memoised).
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);
  // A regenerate is a new version of the last turn shown (its question sent again, marked with the answer it
  // replaces); it goes to the chat's own model whatever the comparison toggle says, and leaves the draft alone.
  const regenerate = useCallback(
    (answerId: string) => {
      const question = questionOf(stateRef.current, answerId);
      if (question) void send(question.text, toChatSettings(overrides, models.data, corpus.data), answerId);
    },
    [send, overrides, models.data, corpus.data],
  );
  // Edit and resend: the edited text is a new version of its question's turn (`regenerates`, its answer; the later
  // turns stay on the old version's branch), or, for a question left without an answer, a new message after the last
  // one shown; the draft in the input stays.
  const resend = useCallback(
    (text: string, regenerates?: string) => {
      void send(text, toChatSettings(overrides, models.data, corpus.data), regenerates, {
        follows: followsRef.current,
      });
    },
    [send, overrides, models.data, corpus.data],
  );

  const newThread = useCallback(() => {
    setSelected(undefined);
    setDraft("");
    setAttachments([]);
    setAddress(urlWithThread(location.href, undefined), "push");
    reset();
    closeDrawer();
  }, [reset, closeDrawer]);

  // The search result chosen last: its thread opens at the message that matched (MessageList scrolls to it, marked).
  const [found, setFound] = useState<SearchTarget & { threadId: string; seq: number }>();
  const pickThread = useCallback(
    (id: string, target?: SearchTarget) => {
      setFound(target && { ...target, threadId: id, seq: Date.now() });
      setSelected(undefined);
      setAddress(urlWithThread(location.href, id), "push");
      openThread(id);
      closeDrawer();
    },
    [openThread, closeDrawer],
  );

  // Back and Forward: the page and the thread of the address. An address without a thread empties the chat only
  // on the chat page (the other pages' entries may predate the thread).
  useAddressMoves((search) => {
    const nextPage = appPageFromSearch(search);
    setPage(nextPage);
    const id = initialThreadId(search, undefined);
    if (id && id !== stateRef.current.threadId) {
      setSelected(undefined);
      openThread(id);
    } else if (!id && nextPage === "chat" && stateRef.current.threadId) {
      setSelected(undefined);
      reset();
    }
  });

  // A rating on the "Evaluări" page whose thread is the admin's own opens it in the chat.
  const openOwnThread = useCallback(
    (id: string) => {
      setPage("chat");
      setAddress(urlWithPage(location.href, "chat"), "push");
      setSelected(undefined);
      setAddress(urlWithThread(location.href, id), "replace");
      openThread(id);
    },
    [openThread, setSelected],
  );

  const { remove: removeStoredThread, rename: renameThread } = threads;
  const removeThread = useCallback(
    async (id: string) => {
      await removeStoredThread(id);
      // The thread shown now, not when the deletion was asked: another may have been opened meanwhile.
      if (id === stateRef.current.threadId) {
        setSelected(undefined);
        reset();
      }
    },
    [removeStoredThread, reset],
  );

  // Esc stops the answer being streamed; otherwise it closes the source panel, then the drawer. Whether an
  // answer streams is asked at the key press (stop() reads the state as shown): this listener is renewed after
  // the screen is painted, and a key pressed as the answer appears would otherwise find none.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (stop()) {
        e.preventDefault();
      } else if (selected) {
        setSelected(undefined);
      } else if (sidebarOpen && isPhone()) {
        closeDrawer();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, stop, sidebarOpen, closeDrawer]);

  const empty = state.messages.length === 0;

  return (
    <div
      className={`app${panelOpen ? " with-panel" : ""}${sidebarOpen ? " with-sidebar" : ""}`}
      data-sidebar={sidebarOpen ? "open" : "closed"}
    >
      <Header
        connection={chat.connection}
        theme={theme}
        onToggleTheme={toggleTheme}
        onNewThread={newThread}
        sidebarOpen={sidebarOpen}
        onToggleSidebar={toggleSidebar}
        presentation={presentation}
        onPresentationChange={changePresentation}
        accountsOpen={page === "accounts"}
      />
      <PageTabs current={refusal ? chosenPage : page} allowed={allowed} onOpen={openPage} />
      {refusal ? (
        <PageRefused
          refusal={refusal}
          chatHref={urlWithPage(location.href, "chat")}
          onChat={() => openPage("chat")}
        />
      ) : page === "accounts" ? (
        <LazyPage loading={t("access.accounts.loading")}>
          <AccountsPage />
        </LazyPage>
      ) : page === "ratings" ? (
        <LazyPage loading={t("ratings.loading")}>
          <ChatFeedbackPage onOpenThread={openOwnThread} />
        </LazyPage>
      ) : page === "corpus" ? (
        <LazyPage loading={t("corpus.loading")}>
          <CorpusPage chatFilters={overrides.filters} onCorpusChanged={onCorpusChanged} />
        </LazyPage>
      ) : page === "annotate" ? (
        <LazyPage loading={t("wb.results.loading")} spinner>
          <WorkbenchPage corpus={corpus.data} chatFilters={overrides.filters} />
        </LazyPage>
      ) : page === "compare" ? (
        <div className="layout compare-layout">
          <ComparePage models={models.data} settings={overrides} onSettings={changeSettings} />
        </div>
      ) : (
        <div className="layout">
          <Sidebar
            list={threads.list}
            currentId={state.threadId}
            open={sidebarOpen}
            onClose={toggleSidebar}
            onOpen={pickThread}
            onNew={newThread}
            onRename={renameThread}
            onDelete={removeThread}
            onRetry={refreshThreads}
          />
          <main id="main" className="chat" aria-label={t("app.name")}>
            {state.notice && (
              <div className="notice" role="alert">
                <span>{state.notice.message}</span>
                <button type="button" className="link-button" onClick={chat.dismissNotice}>
                  {t("error.dismiss")}
                </button>
              </div>
            )}
            {empty && state.loading ? (
              <div className="message-scroll">
                <p className="loading" role="status">
                  <span className="spinner" aria-hidden="true" /> {t("threads.loading")}
                </p>
              </div>
            ) : empty ? (
              <div className="message-scroll">
                <Starters onPick={sendText} disabled={busy} corpus={corpus.data} />
              </div>
            ) : (
              <MessageList
                messages={state.messages}
                selected={selected}
                onCite={openSource}
                onSelectionHidden={closeSource}
                regenerable={regenerable}
                onRegenerate={regenerate}
                choices={choices}
                onPage={pageVersion}
                canSend={!busy && chat.connection === "connected"}
                onResend={resend}
                maxChars={maxChars}
                jumpSlot={jumpSlot}
                found={found?.threadId === state.threadId ? found : undefined}
              />
            )}
            {chatCompare.state && <CompareChatPanel state={chatCompare.state} onClose={chatCompare.close} />}
            <Composer
              value={draft}
              onChange={setDraft}
              onSend={sendText}
              onStop={stop}
              streaming={Boolean(live && isStoppable(live))}
              stopping={Boolean(live?.stopRequested)}
              maxChars={maxChars}
              compact={presentation.on}
              attachments={attachments}
              onAttachmentsChange={setAttachments}
              maxAttachmentChars={maxAttachmentChars}
              busy={busy || Boolean(chatCompare.state?.loading)}
              toolbar={
                <div className="composer-tools">
                  <SettingsPanel
                    models={models.data}
                    modelsError={models.failed}
                    corpus={corpus.data}
                    value={overrides}
                    onChange={changeSettings}
                  />
                  <CompareChatToggle
                    available={compareAvailable}
                    on={compareOn}
                    selected={compareModels}
                    onToggle={() => setCompareOn((on) => !on)}
                    onChange={setCompareModels}
                  />
                  <div className="jump-slot" ref={setJumpSlot} />
                </div>
              }
            />
          </main>
          <MarkdownWarmup />
          {panelOpen && selected && selectedAnswer && (
            <SourcePanel
              message={selectedAnswer}
              n={selected.n}
              onSelect={(n) => openSource(selected.messageId, n)}
              onClose={closeSource}
            />
          )}
        </div>
      )}
    </div>
  );
}
