// Blind preference on the "Compară modele" page: two anonymous answers to the same case with the same context, the
// person picks A, B or a tie (buttons or keys), each verdict stored under their name; then the Bradley–Terry ranking
// of everyone's verdicts for the suite, with its intervals, beside the automatic scores.
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import type { CompareRunResponse } from "../../../../contract/compare";
import type { PreferenceChoice, PreferenceStats } from "../../../../contract/preferences";
import { fetchPreferences, postPreference } from "../../api";
import { formatCount, formatDecimal } from "../../format";
import { useAccess } from "../../AccessGate";
import { useI18n } from "../../i18nContext";
import { sayPageError, serverError, type PageError } from "./pageError";
import { countOf, NOUNS } from "../../plural";
import { useReview } from "../../review";
import { blindPairs, choiceForKey, judgedKeys, type BlindPair } from "../../state/blind";
import { AccountNameField } from "../AccountNameField";
import { AnswerMarkdown } from "../AnswerMarkdown";
import { ScrollRegion } from "../ScrollRegion";

const noCite = () => undefined;

function PairView({ pair }: { pair: BlindPair }) {
  const { t } = useI18n();
  return (
    <>
      <div className="blind-context" data-testid="blind-context">
        <h3>{t("blind.context")}</h3>
        {pair.system && (
          <p>
            <strong>{t("blind.system")}:</strong> {pair.system}
          </p>
        )}
        {pair.sources && (
          <>
            <strong>{t("blind.sources")}:</strong>
            <ol>
              {pair.sources.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          </>
        )}
        <p>
          <strong>{t("blind.question")}:</strong> {pair.input}
        </p>
      </div>
      <div className="blind-pair">
        {(["a", "b"] as const).map((side) => (
          <article key={side} className="blind-answer" data-testid={`blind-answer-${side}`}>
            <h3>{side === "a" ? t("blind.answerA") : t("blind.answerB")}</h3>
            <AnswerMarkdown
              text={side === "a" ? pair.left.text : pair.right.text}
              messageId={`${pair.key}-${side}`}
              sourceCount={pair.sources?.length ?? 0}
              onCite={noCite}
            />
          </article>
        ))}
      </div>
    </>
  );
}

/** Preferences below which the ranking is shown with a warning: a handful of picks gives a tight interval that means nothing. */
export const MIN_PREFERENCES = 20;

function RankingTable({ stats, run }: { stats: PreferenceStats; run: CompareRunResponse }) {
  const { t, lang } = useI18n();
  const num = (v: number | null | undefined, digits = 2) =>
    v === null || v === undefined ? t("compare.na") : formatDecimal(v, lang, digits);
  if (stats.models.length === 0) return <p className="hint">{t("blind.noPreferences")}</p>;
  const max = Math.max(...stats.models.map((m) => m.high), 0.0001);
  return (
    <ScrollRegion label={t("blind.table")}>
      <h3>{t("blind.table")}</h3>
      <p className="hint">
        {t("blind.tableIntro", {
          resamples: countOf(stats.resamples, NOUNS.resample, lang),
          comparisons: countOf(stats.comparisons, NOUNS.preference, lang),
          people: countOf(stats.people, NOUNS.person, lang),
        })}
      </p>
      {stats.comparisons < MIN_PREFERENCES && (
        <p className="note note-warn" data-testid="preference-too-few">
          {t("blind.fewer", {
            comparisons: countOf(stats.comparisons, NOUNS.preference, lang),
            min: formatCount(MIN_PREFERENCES, lang),
          })}
        </p>
      )}
      <table className="compare-table" data-testid="preference-table">
        <thead>
          <tr>
            <th scope="col">{t("compare.col.model")}</th>
            <th scope="col">{t("blind.col.strength")}</th>
            <th scope="col">{t("blind.col.record")}</th>
            <th scope="col">{t("blind.col.pass")}</th>
            <th scope="col">{t("blind.col.grounding")}</th>
            <th scope="col">{t("blind.col.rubric")}</th>
          </tr>
        </thead>
        <tbody>
          {stats.models.map((m) => {
            const auto = run.results?.models.find((x) => x.model === m.model);
            return (
              <tr key={m.model} data-model={m.model} data-strength={m.strength}>
                <th scope="row">
                  <code>{m.model}</code>
                </th>
                <td>
                  <span
                    className="bt-bar"
                    style={{ width: `${(m.strength / max) * 6}rem` }}
                    aria-hidden="true"
                  />{" "}
                  {num(m.strength)}{" "}
                  <span className="bt-interval">
                    [{num(m.low)}
                    {lang === "ro" ? "; " : ", "}
                    {num(m.high)}]
                  </span>
                </td>
                <td>
                  {m.wins} / {m.losses} / {m.ties}
                </td>
                <td>
                  {auto?.passRate === null || !auto ? t("compare.na") : `${Math.round(auto.passRate * 100)}%`}
                </td>
                <td>{num(auto?.grounding?.meanScore)}</td>
                <td>{num(auto?.rubric?.mean)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/**
 * Blind preferences. Shown first as an entry (the ranking so far and "Judecați pe nevăzute"); while `judging`, only the
 * pairs (the page hides every result that names a model, RunResults.tsx). With accounts, the person is the account.
 */
export function BlindPreference({
  run,
  judging,
  onJudging,
}: {
  run: CompareRunResponse;
  judging: boolean;
  onJudging: (judging: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { user } = useAccess();
  const { annotator: typed, setAnnotator } = useReview();
  const annotator = user.kind === "user" ? user.name : typed;
  const suite = run.request.suite.id;
  const [stats, setStats] = useState<PreferenceStats>();
  const [skipped, setSkipped] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<PageError>();
  const person = annotator.trim();

  const reload = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setStats(await fetchPreferences({ suite, person: person || undefined }, signal));
      } catch (err) {
        if (!signal?.aborted) setError(serverError(err));
      }
    },
    [suite, person],
  );
  useEffect(() => {
    const controller = new AbortController();
    void reload(controller.signal);
    return () => controller.abort();
  }, [reload]);

  const pairs = useMemo(() => {
    const judged = judgedKeys(stats?.mine ?? []);
    for (const key of skipped) judged.add(key);
    return blindPairs(run.cases ?? [], judged, run.runId);
  }, [run.cases, run.runId, stats, skipped]);
  const total = useMemo(
    () => blindPairs(run.cases ?? [], new Set(), run.runId).length,
    [run.cases, run.runId],
  );
  const pair = pairs[0];

  // One judgement at a time, known at once: a key held down repeats faster than the page re-renders.
  const inFlight = useRef(false);
  const pick = useCallback(
    async (choice: PreferenceChoice) => {
      if (!pair || !person || inFlight.current) return;
      inFlight.current = true;
      setSaving(true);
      setError(undefined);
      try {
        await postPreference({
          person,
          runId: run.runId,
          suiteId: suite,
          caseId: pair.caseId,
          temperature: pair.temperature,
          run: pair.run,
          a: pair.left.model,
          b: pair.right.model,
          choice,
        });
        await reload();
      } catch (err) {
        setError(serverError(err));
      } finally {
        inFlight.current = false;
        setSaving(false);
      }
    },
    [pair, person, run.runId, suite, reload],
  );

  // Keys pick while the pair is shown, unless the person is typing somewhere. The listener stays; what it
  // picks for is read at the key press (an effect event), so a key pressed as the next pair appears judges
  // that pair, never the one before it again.
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!judging || !pair || !person) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const choice = choiceForKey(e);
    if (!choice) return;
    e.preventDefault();
    void pick(choice);
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  const errorLine = error && (
    <p className="error-text" role="alert" data-testid="blind-error">
      {sayPageError(error, t, lang)}
    </p>
  );
  if (!judging) {
    return (
      <section className="compare-section blind" data-testid="blind-entry">
        <h2>{t("blind.title")}</h2>
        <p className="hint">{t("blind.intro")}</p>
        <button
          type="button"
          className="send-button"
          data-testid="blind-start"
          onClick={() => onJudging(true)}
        >
          {t("blind.enter")}
        </button>
        {errorLine}
        {stats && <RankingTable stats={stats} run={run} />}
      </section>
    );
  }
  return (
    <section className="compare-section blind" data-testid="blind-mode">
      <div className="blind-head">
        <h2>{t("blind.title")}</h2>
        <button
          type="button"
          className="ghost-button"
          data-testid="blind-exit"
          onClick={() => onJudging(false)}
        >
          {t("blind.exit")}
        </button>
      </div>
      <p className="hint">{t("blind.intro")}</p>
      <p className="hint" data-testid="blind-hidden">
        {t("blind.hidden")}
      </p>
      {user.kind === "user" ? (
        <AccountNameField
          className="field"
          label={t("blind.person")}
          hint={t("blind.nameFromAccount")}
          testId="blind-person"
          hintId="blind-person-account"
          name={user.name}
        />
      ) : (
        <label className="field">
          <span>{t("blind.person")}</span>
          <input
            type="text"
            data-testid="blind-person"
            value={annotator}
            maxLength={100}
            onChange={(e) => setAnnotator(e.target.value)}
          />
        </label>
      )}
      {!person && <p className="hint">{t("blind.needName")}</p>}
      {total === 0 ? (
        <p className="hint">{t("blind.noPairs")}</p>
      ) : !pair ? (
        <p className="note" data-testid="blind-done">
          {t("blind.done")}
        </p>
      ) : (
        person && (
          <>
            <p className="hint" data-testid="blind-progress">
              {t("blind.progress", { n: total - pairs.length + 1, total })}
            </p>
            <PairView pair={pair} />
            <div className="blind-choices">
              <button
                type="button"
                className="send-button"
                data-testid="blind-pick-a"
                disabled={saving}
                onClick={() => void pick("a")}
              >
                {t("blind.pickA")} <kbd>A</kbd>
              </button>
              <button
                type="button"
                className="ghost-button"
                data-testid="blind-pick-tie"
                disabled={saving}
                onClick={() => void pick("tie")}
              >
                {t("blind.tie")} <kbd>E</kbd>
              </button>
              <button
                type="button"
                className="send-button"
                data-testid="blind-pick-b"
                disabled={saving}
                onClick={() => void pick("b")}
              >
                {t("blind.pickB")} <kbd>B</kbd>
              </button>
              <button
                type="button"
                className="link-button"
                data-testid="blind-skip"
                onClick={() => setSkipped((prev) => new Set([...prev, pair.key]))}
              >
                {t("blind.skip")}
              </button>
            </div>
          </>
        )
      )}
      {errorLine}
    </section>
  );
}
