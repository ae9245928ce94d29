/**
 * Builds the dashboard's browser files into the Worker's static assets (src/openapi/assets/ui/, not
 * committed): the client module bundled by esbuild from src/dashboard/client/main.ts, its stylesheet
 * and its icon. `npm start`, the test stacks and `npm run deploy` run it; `npm run build:dashboard` alone.
 */
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = join(ROOT, "src", "dashboard", "client");
export const DASHBOARD_ASSETS_DIR = join(ROOT, "src", "openapi", "assets", "ui");

/** Writes dashboard.js, dashboard.css and icon.svg; resolves with the bundle's size in bytes. */
export async function buildDashboard(): Promise<{ scriptBytes: number }> {
  await mkdir(DASHBOARD_ASSETS_DIR, { recursive: true });
  const result = await build({
    entryPoints: [join(SOURCE, "main.ts")],
    outfile: join(DASHBOARD_ASSETS_DIR, "dashboard.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  await copyFile(join(SOURCE, "dashboard.css"), join(DASHBOARD_ASSETS_DIR, "dashboard.css"));
  await copyFile(join(SOURCE, "icon.svg"), join(DASHBOARD_ASSETS_DIR, "icon.svg"));
  const scriptBytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { scriptBytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { scriptBytes } = await buildDashboard();
  console.log(`dashboard built into ${DASHBOARD_ASSETS_DIR} (script ${scriptBytes} bytes)`);
}
