/**
 * The Cap'n Proto text config that runs the deployable Worker on a bare `workerd`: the production
 * bundle as the only service on the HTTP socket, none of wrangler dev's proxy, entry worker or
 * middleware in front of it. Pure: the caller writes the text next to the bundle and starts workerd.
 * The schema is workerd's own (node_modules/workerd/workerd.capnp).
 */

/** A Durable Object binding of wrangler.toml. */
export interface DurableObjectBinding {
  /** The binding's name in `env`. */
  name: string;
  /** The class the bundle exports. */
  className: string;
}

/** Everything the config says, in terms of the host's own files and ports. */
export interface WorkerdConfigInput {
  /** The Worker's name; each namespace's `uniqueKey` is `<name>-<class>`, as Miniflare derives it. */
  workerName: string;
  /** The bundle's main module, relative to the config file (it is embedded when workerd starts). */
  mainModule: string;
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
  durableObjects: readonly DurableObjectBinding[];
  /** Text bindings: the Worker's variables. Empty values are left out (the Worker treats them as unset). */
  vars: Readonly<Record<string, string | undefined>>;
  /** Absolute directory of every object's SQLite files (and the alarms' schedule). */
  storageDir: string;
  /** The static assets (binding name and absolute directory), served bare from disk; null for none. */
  assets: { binding: string; directory: string } | null;
  /** The HTTP socket, `host:port`. */
  address: string;
}

/**
 * A Cap'n Proto text literal holding `value` exactly: quotes and backslashes escaped, control
 * characters as `\xNN`; other UTF-8 passes through as it is.
 *
 * @example
 * capnpString('say "hi"\n'); // "\"say \\\"hi\\\"\\x0a\""
 */
export function capnpString(value: string): string {
  const escaped = value.replace(/[\\"\x00-\x1f\x7f]/g, (char) =>
    char === "\\" || char === '"' ? `\\${char}` : `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return `"${escaped}"`;
}

const list = (items: readonly string[], indent: string) =>
  items.length === 0 ? "[]" : `[\n${items.map((item) => `${indent}  ${item}`).join(",\n")}\n${indent}]`;

/** Services the Worker's config names; private to the config, never reachable from outside. */
export const SERVICE = { worker: "worker", storage: "do-storage", network: "network", assets: "assets" } as const;

/**
 * The bindings, in wrangler's order: the Durable Object namespaces, the static assets, the variables.
 *
 * @example
 * workerdBindings({ ...input, durableObjects: [{ name: "CELL", className: "Cell" }], vars: { AUTH: "off" } });
 * // ['(name = "CELL", durableObjectNamespace = (className = "Cell"))', '(name = "AUTH", text = "off")']
 */
export function workerdBindings(input: WorkerdConfigInput): string[] {
  const objects = input.durableObjects.map(
    ({ name, className }) => `(name = ${capnpString(name)}, durableObjectNamespace = (className = ${capnpString(className)}))`,
  );
  const assets = input.assets ? [`(name = ${capnpString(input.assets.binding)}, service = ${capnpString(SERVICE.assets)})`] : [];
  const vars = Object.entries(input.vars)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`);
  return [...objects, ...assets, ...vars];
}

/**
 * The whole config: the Worker (every class SQLite-backed, stored on local disk so objects and their
 * alarms survive eviction), its storage directory, a network that reaches loopback and private
 * addresses (the model stub and libSQL listen on 127.0.0.1; production's outbound would refuse them),
 * and the one HTTP socket.
 *
 * @example
 * await writeFile(join(dir, "workerd.capnp"), workerdConfig(input), { mode: 0o600 });
 */
export function workerdConfig(input: WorkerdConfigInput): string {
  const namespaces = input.durableObjects.map(
    ({ className }) =>
      `(className = ${capnpString(className)}, uniqueKey = ${capnpString(`${input.workerName}-${className}`)}, enableSql = true)`,
  );
  const indent = "        ";
  const worker = [
    `modules = [(name = ${capnpString(input.mainModule)}, esModule = embed ${capnpString(input.mainModule)})]`,
    `compatibilityDate = ${capnpString(input.compatibilityDate)}`,
    `compatibilityFlags = ${list(input.compatibilityFlags.map(capnpString), indent)}`,
    `bindings = ${list(workerdBindings(input), indent)}`,
    `durableObjectNamespaces = ${list(namespaces, indent)}`,
    `durableObjectStorage = (localDisk = ${capnpString(SERVICE.storage)})`,
    `globalOutbound = ${capnpString(SERVICE.network)}`,
  ];
  const services = [
    `(name = ${capnpString(SERVICE.worker)}, worker = (\n${worker.map((line) => `${indent}${line}`).join(",\n")}\n    ))`,
    `(name = ${capnpString(SERVICE.storage)}, disk = (path = ${capnpString(input.storageDir)}, writable = true))`,
    `(name = ${capnpString(SERVICE.network)}, network = (allow = ["public", "private"], tlsOptions = (trustBrowserCas = true)))`,
    ...(input.assets ? [`(name = ${capnpString(SERVICE.assets)}, disk = (path = ${capnpString(input.assets.directory)}))`] : []),
  ];
  const socket = `(name = "http", address = ${capnpString(input.address)}, http = (), service = ${capnpString(SERVICE.worker)})`;
  return [
    "# Generated by scripts/stack/workerd-config.ts; rewritten on every start.",
    'using Workerd = import "/workerd/workerd.capnp";',
    "",
    "const config :Workerd.Config = (",
    `  services = ${list(services, "  ")},`,
    `  sockets = [${socket}],`,
    ");",
    "",
  ].join("\n");
}
