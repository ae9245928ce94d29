/**
 * Structural bounds on a parsed JSON body, checked before any schema sees it: how deep, how wide and
 * how many values, which keys, and which strings and numbers. A schema bounds what it knows; this
 * bounds everything, including the parts a schema would reject only after walking them.
 */

export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (a rubric needs 5). */
  maxDepth: number;
  /** Most members of one object. */
  maxObjectKeys: number;
  /** Most elements of one array (a rubric has at most 64 dimensions). */
  maxArrayLength: number;
  /** Most values in the whole document, containers included. */
  maxValues: number;
  /** Longest object key, in characters. */
  maxKeyLength: number;
}

export const DEFAULT_JSON_SHAPE_LIMITS: JsonShapeLimits = {
  maxDepth: 8,
  maxObjectKeys: 64,
  maxArrayLength: 256,
  maxValues: 4_096,
  maxKeyLength: 128,
};

/**
 * Keys that name prototype machinery. `JSON.parse` makes them plain own properties, but any later
 * `target[key] = value` (a merge, a record schema) would set a prototype instead; no field is named so.
 */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** With the `u` flag a surrogate range matches only *lone* surrogates, which have no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export interface ShapeViolation {
  /** Where, as a dotted path (`axioms.0.id`), or `(body)`. */
  path: string;
  message: string;
}

function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  if (text.includes("\u0000")) return "contains a NUL character";
  return null;
}

function keyProblem(key: string, limits: JsonShapeLimits): string | null {
  if (RESERVED_KEYS.has(key)) return `the key "${key}" is not allowed`;
  if (key.length > limits.maxKeyLength) return `a key exceeds ${limits.maxKeyLength} characters`;
  return textProblem(key) === null ? null : "a key is not valid Unicode text";
}

interface Pending {
  value: unknown;
  path: string[];
  depth: number;
}

/** What is wrong with one container (its size, its keys), or null; pushes its children to visit. */
function visitContainer(node: Pending & { value: object }, limits: JsonShapeLimits, stack: Pending[]): ShapeViolation | null {
  const at = (message: string) => ({ path: node.path.join(".") || "(body)", message });
  if (node.depth >= limits.maxDepth) return at(`nesting is deeper than ${limits.maxDepth} levels`);
  const isArray = Array.isArray(node.value);
  const size = isArray ? (node.value as unknown[]).length : Object.keys(node.value).length;
  if (isArray && size > limits.maxArrayLength) return at(`an array has more than ${limits.maxArrayLength} elements`);
  if (!isArray && size > limits.maxObjectKeys) return at(`an object has more than ${limits.maxObjectKeys} members`);
  for (const [key, child] of Object.entries(node.value)) {
    const problem = isArray ? null : keyProblem(key, limits);
    if (problem) return at(problem);
    stack.push({ value: child, path: [...node.path, key], depth: node.depth + 1 });
  }
  return null;
}

/**
 * The first way `value` breaks `limits`, or null. Iterative, so no input can exhaust the stack.
 *
 * @example
 * checkJsonShape(JSON.parse('{"__proto__":{"admin":true}}')); // { path: "(body)", message: 'the key "__proto__" is not allowed' }
 * checkJsonShape({ content: "ok" }); // null
 */
export function checkJsonShape(value: unknown, limits: JsonShapeLimits = DEFAULT_JSON_SHAPE_LIMITS): ShapeViolation | null {
  const stack: Pending[] = [{ value, path: [], depth: 0 }];
  for (let seen = 1; stack.length > 0; seen++) {
    const node = stack.pop()!;
    const at = (message: string) => ({ path: node.path.join(".") || "(body)", message });
    if (seen > limits.maxValues) return { path: "(body)", message: `the body holds more than ${limits.maxValues} values` };
    if (typeof node.value === "string") {
      const problem = textProblem(node.value);
      if (problem) return at(`a string ${problem}`);
    } else if (typeof node.value === "number") {
      if (!Number.isFinite(node.value)) return at("a number is out of range");
    } else if (node.value !== null && typeof node.value === "object") {
      const violation = visitContainer(node as Pending & { value: object }, limits, stack);
      if (violation) return violation;
    }
  }
  return null;
}
