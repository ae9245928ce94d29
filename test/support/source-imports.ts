import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The repository root (this file is test/support/source-imports.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** Every file under `folder` ending in one of `endings` (default `.ts`), as repository-relative paths. */
export function sourceFiles(folder: string, endings: readonly string[] = [".ts"]): string[] {
  const entries = readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && endings.some((ending) => entry.name.endsWith(ending)) && !entry.parentPath.includes("node_modules"))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * The module specifiers a TypeScript source names: static imports and re-exports (type-only ones
 * included) and dynamic `import()` calls.
 */
export function importSpecifiers(source: string): string[] {
  const patterns = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

/** The repository-relative files a source file imports by relative path (packages are left out). */
export function relativeImports(file: string): string[] {
  const source = readFileSync(join(REPO_ROOT, file), "utf8");
  return importSpecifiers(source)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => relative(REPO_ROOT, resolve(join(REPO_ROOT, dirname(file)), specifier)));
}
