import { byId } from "./dom.ts";

/**
 * The API key of this tab. It lives in sessionStorage only (gone when the tab closes), is sent as
 * `Authorization: Bearer` and as the `bearer.<key>` WebSocket subprotocol, and never enters a URL.
 */

const STORAGE_KEY = "judgment-api:key";

/** Whether the server said (in the page's `data-key`) that its API needs a key. */
export const keyRequired = () => document.body.dataset.key === "required";

export function storedKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeKey(key: string | undefined): void {
  try {
    if (key === undefined) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage disabled: the key then lasts as long as this page.
  }
  showKeyState();
}

/** Shows "Key in this tab · Forget key" in the header while a key is stored. */
export function showKeyState(): void {
  byId("key-state").hidden = storedKey() === undefined;
}

export function forgetKey(): void {
  storeKey(undefined);
}

let pending: Promise<string> | undefined;

/**
 * Shows the key prompt (with `problem`, if a key was just refused) and resolves with the key typed in.
 * Concurrent callers share one prompt.
 */
export function askForKey(problem?: string): Promise<string> {
  const prompt = byId("key-prompt");
  const error = byId("key-error");
  error.hidden = problem === undefined;
  error.textContent = problem ?? "";
  if (pending) return pending;
  const form = byId<HTMLFormElement>("key-form");
  const input = byId<HTMLInputElement>("key-input");
  prompt.hidden = false;
  input.value = "";
  input.focus();
  pending = new Promise<string>((resolve) => {
    const submitted = (event: SubmitEvent) => {
      event.preventDefault();
      const key = input.value.trim();
      if (key === "") return;
      form.removeEventListener("submit", submitted);
      prompt.hidden = true;
      pending = undefined;
      storeKey(key);
      resolve(key);
    };
    form.addEventListener("submit", submitted);
  });
  return pending;
}

/** Wires the header's "Forget key" button. */
export function initKeyControls(): void {
  showKeyState();
  byId("key-forget").addEventListener("click", () => {
    forgetKey();
    location.reload();
  });
}
