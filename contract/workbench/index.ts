// The annotation workbench's API (issue #13), defined once: REST payloads under /api/workbench and the live job
// events on the socket. The server validates every inbound payload with these schemas; the page imports the same
// module for its types, bounds and label lists. docs/workbench.md lists the routes that carry them.
// One file per part of the API; this index re-exports them all, so `contract/workbench` is imported as before.
export * from "./base";
export * from "./models";
export * from "./datasets";
export * from "./jobs";
export * from "./review";
export * from "./agreement";
export * from "./events";
export * from "./corpusSelection";
export * from "./progress";
export * from "./guidelines";
export * from "./overlap";
export * from "./evidence";
export * from "./evidenceAgreement";
