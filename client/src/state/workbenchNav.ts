// Where the person is on the "Adnotare" page — the data set, the run and the view — kept in the address
// (?page=annotate&dataset=…&run=…&view=…) so that a reload, a shared link or the back button comes back to it.
// `view=label` is a data set's own labelling, before (or apart from) any run: it has no run in the address.

/** A run's views, its tabs in this order. */
export const WORKBENCH_VIEWS = ["results", "charts", "review", "adjudicate", "agreement"] as const;
export type RunViewName = (typeof WORKBENCH_VIEWS)[number];
export type WorkbenchView = RunViewName | "label";

export interface WorkbenchLocation {
  datasetId?: string;
  runId?: string;
  view: WorkbenchView;
}

const isView = (value: string | null): value is WorkbenchView =>
  value !== null && (value === "label" || (WORKBENCH_VIEWS as readonly string[]).includes(value));

/** Ids are opaque to the page; only absurd values (too long, control characters) are dropped. */
function cleanId(value: string | null): string | undefined {
  if (!value || value.length > 100 || /[\u0000-\u001f]/.test(value)) return undefined;
  return value;
}

export function locationFromSearch(search: string): WorkbenchLocation {
  const params = new URLSearchParams(search);
  const view = params.get("view");
  const datasetId = cleanId(params.get("dataset"));
  // A run belongs to a data set: without one, the run in the address is ignored; so is one beside `view=label`.
  const runId = datasetId && view !== "label" ? cleanId(params.get("run")) : undefined;
  return {
    ...(datasetId ? { datasetId } : {}),
    ...(runId ? { runId } : {}),
    view: isView(view) ? view : "results",
  };
}

/** The address with the workbench's place set (and the default view left out). Returns path + search + hash. */
export function urlWithLocation(href: string, location: WorkbenchLocation): string {
  const url = new URL(href);
  const set = (name: string, value: string | undefined) => {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  };
  set("dataset", location.datasetId);
  set("run", location.datasetId && location.view !== "label" ? location.runId : undefined);
  set("view", location.view === "results" ? undefined : location.view);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Opening another data set forgets the run; opening a run keeps the view. */
export function openDataset(location: WorkbenchLocation, datasetId: string | undefined): WorkbenchLocation {
  if (datasetId === location.datasetId) return location;
  return { ...(datasetId ? { datasetId } : {}), view: location.view };
}

export function openRun(location: WorkbenchLocation, runId: string | undefined): WorkbenchLocation {
  const { runId: _previous, ...rest } = location;
  // From a data set's own labelling, a run opens on its review: the same labels, now beside the models'.
  const view = runId && rest.view === "label" ? "review" : rest.view;
  return runId ? { ...rest, view, runId } : rest;
}

/** A data set's own labelling: no run. */
export function openLabelling(location: WorkbenchLocation): WorkbenchLocation {
  const { runId: _run, ...rest } = location;
  return { ...rest, view: "label" };
}
