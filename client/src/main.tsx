// Entry point: mounts the app with its language and review (labels, feedback) contexts. Styles are linked from index.html.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AccessGate } from "./AccessGate";
import { App } from "./App";
import { LoginPage } from "./components/LoginPage";
import { I18nProvider } from "./i18nContext";
import { ReviewProvider } from "./review";
import { applyPresentation, loadPresentation } from "./state/presentation";
import { applyTheme, savedTheme } from "./theme";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// A remembered theme applies before the first paint; without one, the CSS follows the system.
const theme = savedTheme();
if (theme) applyTheme(theme, false);
// So does this tab's presentation mode, so that a reload of the projector's tab (or its login page) is large at once.
applyPresentation(loadPresentation());

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <AccessGate login={(view) => <LoginPage {...view} />}>
        <ReviewProvider>
          <App />
        </ReviewProvider>
      </AccessGate>
    </I18nProvider>
  </StrictMode>,
);
