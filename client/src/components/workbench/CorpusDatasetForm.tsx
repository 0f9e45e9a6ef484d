// A new data set from the corpus: the chat's filters (platforms, sources, dates — prefilled with the ones the chat
// uses now), all matching texts or a seeded random sample of them (the same seed draws the same texts again).
import { useState } from "react";
import type { CorpusResponse } from "../../../../contract/api";
import type { Filters } from "../../../../contract/settings";
import {
  CorpusDatasetSchema,
  describeCorpusSelection,
  type DatasetSummary,
} from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { DEFAULT_SAMPLE_SEED, DEFAULT_SAMPLE_SIZE, randomSeed } from "../../state/datasetMapping";
import { effectiveFilters } from "../../state/settings";
import { createCorpusDataset } from "../../workbenchApi";
import { FilterFields } from "../SettingsPanel";
import { errorText } from "./errorText";

export function CorpusDatasetForm({
  corpus,
  chatFilters,
  onCreated,
}: {
  corpus: CorpusResponse | undefined;
  chatFilters: Filters | undefined;
  onCreated: (dataset: DatasetSummary) => void;
}) {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters | undefined>(chatFilters);
  const [name, setName] = useState("");
  const [sampled, setSampled] = useState(true);
  const [size, setSize] = useState(200);
  const [seed, setSeed] = useState(DEFAULT_SAMPLE_SEED);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function create() {
    setError(undefined);
    const chosen = effectiveFilters(filters, corpus);
    const sample = sampled ? { size, seed } : undefined;
    // Without a name, the data set is named by its selection in the reader's language (the server would use Romanian).
    const described = describeCorpusSelection({ filters: chosen, sample }, lang);
    const request = CorpusDatasetSchema.safeParse({
      name: name.trim() || (described.length > 200 ? `${described.slice(0, 199)}…` : described),
      ...(chosen ? { filters: chosen } : {}),
      ...(sample ? { sample } : {}),
      reviewSample: { size: Math.min(DEFAULT_SAMPLE_SIZE, sampled ? size : DEFAULT_SAMPLE_SIZE), seed },
    });
    if (!request.success) {
      setError(t("wb.corpus.invalid"));
      return;
    }
    setBusy(true);
    try {
      const { dataset } = await createCorpusDataset(request.data);
      onCreated(dataset);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="wb-card wb-corpus" aria-labelledby="wb-corpus-title">
      <h3 id="wb-corpus-title">{t("wb.corpus.title")}</h3>
      <p className="hint">{t("wb.corpus.hint")}</p>
      {corpus ? (
        <FilterFields corpus={corpus} filters={filters} onChange={setFilters} />
      ) : (
        <p className="hint">{t("wb.corpus.loading")}</p>
      )}
      <div className="wb-row">
        <label className="check">
          <input type="checkbox" checked={sampled} onChange={(e) => setSampled(e.target.checked)} />
          {t("wb.corpus.sample")}
        </label>
        {sampled && (
          <>
            <label className="field">
              <span>{t("wb.corpus.size")}</span>
              <input
                type="number"
                min={1}
                data-testid="corpus-sample-size"
                value={size}
                onChange={(e) => setSize(Math.max(1, Math.round(Number(e.target.value) || 1)))}
              />
            </label>
            <label className="field">
              <span>{t("wb.mapping.seed")}</span>
              <input
                type="number"
                min={0}
                data-testid="corpus-sample-seed"
                value={seed}
                onChange={(e) => setSeed(Math.max(0, Math.round(Number(e.target.value) || 0)))}
              />
            </label>
            <button type="button" className="ghost-button small" onClick={() => setSeed(randomSeed())}>
              {t("wb.mapping.newSeed")}
            </button>
          </>
        )}
        <label className="field">
          <span>{t("wb.mapping.name")}</span>
          <input
            type="text"
            data-testid="corpus-name"
            value={name}
            maxLength={200}
            placeholder={t("wb.corpus.namePlaceholder")}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="send-button"
        data-testid="corpus-create"
        disabled={busy}
        onClick={() => void create()}
      >
        {busy ? t("wb.upload.creating") : t("wb.corpus.create")}
      </button>
    </section>
  );
}
