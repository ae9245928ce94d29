import { batchesPage } from "./pages/batches.ts";
import { judgmentPage } from "./pages/judgment.ts";
import { judgmentsPage } from "./pages/judgments.ts";
import { livePage } from "./pages/live.ts";
import { statusPage } from "./pages/status.ts";
import { initKeyControls } from "./session.ts";

/** The dashboard's one script: runs the page the server named in `<body data-page>`. */

const PAGES: Record<string, () => Promise<void>> = {
  judgments: judgmentsPage,
  judgment: judgmentPage,
  live: livePage,
  batches: batchesPage,
  status: statusPage,
};

initKeyControls();
const run = PAGES[document.body.dataset.page ?? ""];
void run?.().finally(() => document.body.setAttribute("data-ready", ""));
