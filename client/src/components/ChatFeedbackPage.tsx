// "Evaluări din chat" (an admin's page, ?page=ratings): every 👍/👎 given to an answer in the chat, with its question,
// an excerpt of the answer, the model and the comment; a summary per model (the share of 👍 with its Wilson interval,
// drawn with the echo chart's bar); filters; a CSV of the rows shown. The data: GET /api/chat/feedback, which refuses
// a member (the tab is not offered to one).
import { useEffect, useState, type ChangeEvent } from "react";
import type {
  ChatFeedbackResponse,
  ChatFeedbackRow,
  ModelFeedbackSummary,
} from "../../../contract/chatFeedback";
import { downloadText } from "../downloadText";
import { fetchChatFeedback } from "../feedbackApi";
import { formatCount, formatDecimal, formatInterval } from "../format";
import { useI18n } from "../i18nContext";
import { countOf, NOUNS } from "../plural";
import {
  feedbackCsv,
  feedbackFileName,
  FEW_RATINGS,
  hasFilters,
  NO_FILTERS,
  raterName,
  reversedDays,
  type FeedbackFilters,
} from "../state/chatFeedback";
import { ShareBar } from "./EchoChart";
import { ScrollRegion } from "./ScrollRegion";
import { formatDate } from "./workbench/DatasetList";
import { errorText, isAbort } from "./workbench/errorText";
import "./ratings.css";

const percent = (share: number, lang: "ro" | "en") => `${formatDecimal(share * 100, lang, 0)}%`;

function SummaryRow({ entry }: { entry: ModelFeedbackSummary }) {
  const { t, lang } = useI18n();
  return (
    <li className="echo-row ratings-model" data-testid="chat-feedback-model" data-model={entry.model ?? ""}>
      <span className="echo-label" title={entry.model ?? undefined}>
        {entry.model ?? t("ratings.unknownModel")}
      </span>
      <ShareBar value={entry.upShare} className="ratings-up-bar" interval={[entry.low, entry.high]} />
      <span className="echo-value">
        {t("ratings.summary.line", {
          share: percent(entry.upShare, lang),
          interval: formatInterval(entry.low * 100, entry.high * 100, lang, 0),
          count: countOf(entry.n, NOUNS.rating, lang),
        })}{" "}
        <span className="muted">
          (
          {t("ratings.summary.counts", {
            up: formatCount(entry.up, lang),
            down: formatCount(entry.down, lang),
          })}
          {entry.n < FEW_RATINGS ? `; ${t("ratings.summary.few")}` : ""})
        </span>
      </span>
    </li>
  );
}

function RatingRow({ row, onOpenThread }: { row: ChatFeedbackRow; onOpenThread?: (id: string) => void }) {
  const { t, lang } = useI18n();
  const words = { guest: t("ratings.guest"), removed: t("ratings.removedAccount") };
  return (
    <tr data-testid="chat-feedback-row" data-rating={row.rating} data-message={row.messageId}>
      <td>{formatDate(row.createdAt, lang)}</td>
      <td>{raterName(row.user, words)}</td>
      <td>
        {row.threadExists ? (
          <>
            {row.threadTitle}
            {row.ownThread && row.threadId && onOpenThread && (
              <>
                {" "}
                <button
                  type="button"
                  className="ghost-button small"
                  onClick={() => onOpenThread(row.threadId!)}
                >
                  {t("ratings.openThread")}
                </button>
              </>
            )}
          </>
        ) : (
          <em className="muted">{t("ratings.threadGone")}</em>
        )}
      </td>
      <td className="ratings-exchange">
        {row.threadExists ? (
          <>
            <p>
              <strong>{t("ratings.question")}:</strong> {row.question ?? t("ratings.noQuestion")}
            </p>
            <p>
              <strong>{t("ratings.answer")}:</strong> {row.answerExcerpt}
            </p>
          </>
        ) : (
          <span className="muted">{t("ratings.threadGoneText")}</span>
        )}
      </td>
      <td>
        {row.model ?? t("ratings.unknownModel")}
        {row.temperature !== null && (
          <div className="muted small-note">
            {t("ratings.temperature", { value: formatDecimal(row.temperature, lang, 1) })}
          </div>
        )}
      </td>
      <td>{t(row.rating === "up" ? "ratings.up" : "ratings.down")}</td>
      <td>{row.comment ?? t("ratings.noComment")}</td>
    </tr>
  );
}

export interface ChatFeedbackViewProps {
  /** Undefined while the first answer loads. */
  data: ChatFeedbackResponse | undefined;
  error?: string;
  filters: FeedbackFilters;
  onFilters: (filters: FeedbackFilters) => void;
  onRefresh?: () => void;
  onOpenThread?: (threadId: string) => void;
}

/** The page as it looks for given data: rendered by the page, and by tests without a server. */
export function ChatFeedbackView({
  data,
  error,
  filters,
  onFilters,
  onRefresh,
  onOpenThread,
}: ChatFeedbackViewProps) {
  const { t, lang } = useI18n();
  const set = (key: keyof FeedbackFilters) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onFilters({ ...filters, [key]: e.target.value });
  const words = { guest: t("ratings.guest"), removed: t("ratings.removedAccount") };
  const filtered = hasFilters(filters);
  return (
    <main
      id="main"
      className="compare-page ratings-page"
      data-testid="chat-feedback"
      aria-labelledby="ratings-title"
    >
      <div className="compare-inner">
        <div className="wb-progress-head">
          <h2 className="compare-heading" id="ratings-title">
            {t("ratings.title")}
          </h2>
          {onRefresh && (
            <button type="button" className="ghost-button small" onClick={onRefresh}>
              {t("ratings.refresh")}
            </button>
          )}
        </div>
        <p className="muted">{t("ratings.intro")}</p>

        <fieldset className="ratings-filters" data-testid="chat-feedback-filter">
          <legend>{t("ratings.filters")}</legend>
          <label>
            {t("ratings.filter.model")}
            <select value={filters.model} onChange={set("model")} data-filter="model">
              <option value="">{t("ratings.filter.all")}</option>
              {(data?.models ?? []).map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ratings.filter.rating")}
            <select value={filters.rating} onChange={set("rating")} data-filter="rating">
              <option value="">{t("ratings.filter.all")}</option>
              <option value="up">{t("ratings.up")}</option>
              <option value="down">{t("ratings.down")}</option>
            </select>
          </label>
          <label>
            {t("ratings.filter.user")}
            <select value={filters.user} onChange={set("user")} data-filter="user">
              <option value="">{t("ratings.filter.allUsers")}</option>
              {(data?.users ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {raterName(u, words)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("ratings.filter.from")}
            <input type="date" value={filters.from} onChange={set("from")} data-filter="from" />
          </label>
          <label>
            {t("ratings.filter.to")}
            <input type="date" value={filters.to} onChange={set("to")} data-filter="to" />
          </label>
          {filtered && (
            <button type="button" className="ghost-button small" onClick={() => onFilters(NO_FILTERS)}>
              {t("ratings.filter.clear")}
            </button>
          )}
        </fieldset>

        {error ? (
          <p className="error-text" role="alert">
            {t("ratings.failed", { reason: error })}
          </p>
        ) : !data ? (
          <p className="hint">{t("ratings.loading")}</p>
        ) : data.rows.length === 0 ? (
          <p className="hint" data-testid="chat-feedback-empty">
            {t(filtered ? "ratings.emptyFiltered" : "ratings.empty")}
          </p>
        ) : (
          <>
            <section aria-labelledby="ratings-summary">
              <h3 id="ratings-summary">
                {t("ratings.summary")} · {countOf(data.rows.length, NOUNS.rating, lang)}
              </h3>
              <ul className="echo-rows ratings-summary" role="list" aria-label={t("ratings.summary.chart")}>
                {data.summary.map((entry) => (
                  <SummaryRow key={entry.model ?? ""} entry={entry} />
                ))}
              </ul>
            </section>
            <ScrollRegion label={t("ratings.title")}>
              <table className="compare-table ratings-table">
                <thead>
                  <tr>
                    <th scope="col">{t("ratings.col.time")}</th>
                    <th scope="col">{t("ratings.col.user")}</th>
                    <th scope="col">{t("ratings.col.thread")}</th>
                    <th scope="col">{t("ratings.col.exchange")}</th>
                    <th scope="col">{t("ratings.col.model")}</th>
                    <th scope="col">{t("ratings.col.rating")}</th>
                    <th scope="col">{t("ratings.col.comment")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row) => (
                    <RatingRow key={row.messageId} row={row} onOpenThread={onOpenThread} />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <button
              type="button"
              className="ghost-button small"
              data-testid="chat-feedback-csv"
              onClick={() => downloadText(feedbackCsv(data.rows, lang, words), feedbackFileName())}
            >
              {t("ratings.csv")}
            </button>
          </>
        )}
      </div>
    </main>
  );
}

/** Loads the ratings for the filters (again on "Reîmprospătează") and shows them. */
export default function ChatFeedbackPage({ onOpenThread }: { onOpenThread?: (threadId: string) => void }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<FeedbackFilters>(NO_FILTERS);
  const [data, setData] = useState<ChatFeedbackResponse>();
  const [error, setError] = useState<string>();
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    // Days the wrong way round are said on the page, in its words, and nothing is asked.
    if (reversedDays(filters)) {
      setError(t("ratings.filter.reversed"));
      return;
    }
    fetchChatFeedback(filters, controller.signal)
      .then(setData)
      .catch((err: unknown) => {
        if (!isAbort(err)) setError(errorText(err, t));
      });
    return () => controller.abort();
  }, [filters, asked, t]);

  return (
    <ChatFeedbackView
      data={data}
      error={error}
      filters={filters}
      onFilters={setFilters}
      onRefresh={() => setAsked((n) => n + 1)}
      onOpenThread={onOpenThread}
    />
  );
}
