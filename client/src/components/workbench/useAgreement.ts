// Reads a run's agreement report (GET /runs/:id/agreement) and reads it again when labels or outcomes changed.
import { useEffect, useState } from "react";
import type { AgreementReport } from "../../../../contract/workbench";
import { useI18n } from "../../i18nContext";
import { fetchAgreement } from "../../workbenchApi";
import { errorText, isAbort } from "./errorText";

export function useAgreement(
  runId: string,
  items: "all" | "sample",
  resamples: number,
  freshness: string,
): { report?: AgreementReport; error?: string; loading: boolean } {
  const { t } = useI18n();
  const [state, setState] = useState<{ report?: AgreementReport; error?: string; loading: boolean }>({
    loading: true,
  });
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fetchAgreement(runId, { items, resamples }, controller.signal)
      .then((report) => setState({ report, loading: false }))
      .catch((err: unknown) => {
        if (isAbort(err) || controller.signal.aborted) return;
        setState((s) => ({ ...s, error: errorText(err, t), loading: false }));
      });
    return () => controller.abort();
  }, [runId, items, resamples, freshness, t]);
  return state;
}
