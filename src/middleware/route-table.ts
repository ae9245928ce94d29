/** A registered route as Hono lists it in `app.routes`. */
export interface RouteEntry {
  method: string;
  path: string;
}

/** One route path that matches a request path: its methods and its parameters' values. */
export interface RouteMatch {
  /** The route as registered, e.g. `/v1/judgments/:cell_id`. */
  path: string;
  methods: ReadonlySet<string>;
  params: Record<string, string>;
}

/** Paths remembered at once; cleared when full (cheaper than LRU bookkeeping, and paths repeat). */
const RECENT_PATHS = 2_048;

interface CompiledRoute {
  path: string;
  pattern: RegExp;
  methods: Set<string>;
}

/** `/v1/judgments/:cell_id` → a regex over `c.req.path` with one named group per parameter. */
function compile(path: string): RegExp {
  const parts = path.split("/").map((part) => {
    if (part === "*") return ".*";
    const param = /^:(\w+)/.exec(part);
    if (param) return `(?<${param[1]}>[^/]+)`;
    return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${parts.join("/")}$`);
}

/**
 * The app's handlers by path, for middleware that runs outside them (the 405 check, the request log):
 * Hono exposes a route's pattern and parameters only to the handler it matched. Built on first use,
 * after every route is registered; `ALL` entries are middleware and name no route.
 *
 * @example
 * const routes = new RouteTable(() => app.routes);
 * routes.matching("/v1/judgments/abc"); // [{ path: "/v1/judgments/:cell_id", methods: {"GET","HEAD"}, params: { cell_id: "abc" } }]
 */
export class RouteTable {
  readonly #source: () => readonly RouteEntry[];
  #compiled: CompiledRoute[] | undefined;
  readonly #recent = new Map<string, RouteMatch[]>();

  constructor(source: () => readonly RouteEntry[]) {
    this.#source = source;
  }

  /**
   * Every route whose path matches `path` (already percent-decoded, as `c.req.path` is). Remembered per
   * path: every request asks twice (the 405 check, the log line), mostly for the same few paths.
   */
  matching(path: string): RouteMatch[] {
    const known = this.#recent.get(path);
    if (known) return known;
    this.#compiled ??= this.#compile();
    const matches = this.#compiled.flatMap((route) => {
      const match = route.pattern.exec(path);
      return match ? [{ path: route.path, methods: route.methods, params: { ...match.groups } }] : [];
    });
    if (this.#recent.size >= RECENT_PATHS) this.#recent.clear();
    this.#recent.set(path, matches);
    return matches;
  }

  #compile(): CompiledRoute[] {
    const byPath = new Map<string, Set<string>>();
    for (const { method, path } of this.#source()) {
      if (method === "ALL") continue;
      const methods = byPath.get(path) ?? new Set<string>();
      methods.add(method);
      // Hono answers HEAD with the GET handler (RFC 9110 §9.3.2).
      if (method === "GET") methods.add("HEAD");
      byPath.set(path, methods);
    }
    return [...byPath].map(([path, methods]) => ({ path, pattern: compile(path), methods }));
  }
}
