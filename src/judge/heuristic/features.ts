/**
 * Measurable features of a text, the only evidence the offline judge uses. One pass over lines and one
 * over words, then counts of cue words from small fixed lists: linear in the input, no backtracking
 * regular expressions, so 64 KiB costs about a millisecond.
 */

export interface TextFeatures {
  chars: number;
  words: number;
  nonEmptyLines: number;
  /** Share of non-empty lines that look like code (0..1). */
  code: number;
  /** Share of non-empty lines that are comments. */
  commentRatio: number;
  /** Share of non-empty lines (8+ chars) repeating an earlier line. */
  duplicateLineRatio: number;
  /** Distinct words ÷ words (on at most the first 2,000 words, so length does not drown it). */
  lexicalVariety: number;
  /** Coefficient of variation of non-empty line lengths. */
  lineLengthSpread: number;
  /** Share of lines over 120 characters. */
  longLineRatio: number;
  /** Deepest indentation, in levels of the text's own indent unit. */
  maxIndentLevel: number;
  /** Both tabs and spaces used to indent. */
  mixedIndent: boolean;
  /** (), [] and {} that do not pair up. */
  unbalancedBrackets: number;
  /** Headings, bullet and numbered list lines. */
  listOrHeadingLines: number;
  paragraphs: number;
  sentences: number;
  avgSentenceWords: number;
  /** Share of words in the ten most frequent content words: how focused the text is. */
  focus: number;
  /** Words sharing a stem with the context's content words (null without context). */
  contextOverlap: number | null;
  urls: number;
  /** Word tokens holding a digit, per 100 words. */
  numbersPer100: number;
  /** Shouted (all-caps, 4+ letters) words per 100 words, code excluded. */
  shoutingPer100: number;
  exclamations: number;
  questions: number;
  /** Counts of cue words per family (see CUES). */
  cues: Record<CueFamily, number>;
}

/** Cue word families; each drives the dimensions documented in rules.ts. */
export const CUES = {
  hedge: ["maybe", "perhaps", "possibly", "probably", "might", "seems", "likely", "unclear", "arguably", "approximately"],
  vague: ["stuff", "things", "thing", "somehow", "etc", "whatever", "various", "lots", "several"],
  limit: ["risk", "risks", "limitation", "limitations", "caveat", "caveats", "however", "tradeoff", "trade-off", "downside", "unfortunately", "todo", "fixme", "known", "unsupported", "warning", "fails", "cannot"],
  hype: ["best", "revolutionary", "guaranteed", "guarantee", "amazing", "incredible", "ultimate", "perfect", "unbeatable", "100%", "disruptive", "world-class", "game-changing", "moon"],
  source: ["according", "source", "sources", "cited", "citation", "reference", "references", "doi", "study", "paper", "rfc", "documentation", "docs"],
  credit: ["license", "licensed", "copyright", "credit", "credits", "thanks", "inspired", "based", "fork", "forked", "adapted", "attribution", "mit", "apache"],
  reason: ["because", "therefore", "since", "thus", "hence", "reason", "so", "why", "consequently", "alternative", "alternatives"],
  test: ["test", "tests", "assert", "expect", "describe", "it", "spec", "should", "verify", "mock", "pytest", "unittest"],
  guard: ["validate", "validation", "check", "throw", "throws", "raise", "catch", "except", "error", "errors", "guard", "retry", "fallback", "monitor", "alert", "log", "timeout"],
  types: ["interface", "type", "string", "number", "boolean", "int", "float", "struct", "enum", "const", "readonly"],
  ownership: ["i", "we", "our", "my", "author", "owner", "maintainer", "decided", "responsible", "signed"],
  feedback: ["feedback", "review", "reviewed", "suggested", "revised", "updated", "changelog", "you", "your", "thanks"],
  commitment: ["will", "must", "commit", "committed", "promise", "deadline", "by", "always", "never", "shall"],
  giving: ["free", "open", "share", "shared", "community", "public", "donate", "contribute", "contribution", "everyone", "help"],
  extracting: ["buy", "pay", "fee", "fees", "subscribe", "offer", "limited", "exclusive", "profit", "returns", "invest"],
  boilerplate: ["lorem", "ipsum", "placeholder", "foo", "bar", "baz", "example", "sample", "dummy"],
  filler: ["very", "really", "basically", "actually", "just", "simply", "literally", "quite"],
  danger: ["eval", "exec", "innerhtml", "password", "passwd", "secret", "token", "private_key", "rm", "sudo", "chmod"],
  randomness: ["random", "now", "rand", "uuid", "shuffle", "sleep"],
  utility: ["export", "return", "def", "function", "fn", "func", "public", "api", "use", "usage", "how", "steps", "install"],
} as const;

export type CueFamily = keyof typeof CUES;

const CUE_INDEX: ReadonlyMap<string, CueFamily[]> = (() => {
  const index = new Map<string, CueFamily[]>();
  for (const [family, words] of Object.entries(CUES) as [CueFamily, readonly string[]][]) {
    for (const word of words) index.set(word, [...(index.get(word) ?? []), family]);
  }
  return index;
})();

const STOP_WORDS = new Set(
  "the a an and or of to in on for is are was were be been it its this that with as at by from not no but if then else i we you he she they them our your their".split(" "),
);

const CODE_LINE = /[;{}]\s*$|=>|^\s*(def|class|import|from|export|function|const|let|var|return|if|for|while|fn|pub|func|package|#include|public|private)\b/;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|--|<!--)/;
const LIST_LINE = /^\s*([-*+]\s|\d{1,3}[.)]\s)/;
/** `# …` is a comment in code and a heading in Markdown: which one is decided once the text is known. */
const HASH_LINE = /^\s*#(?!include|define|pragma|if|!)/;
const WORD = /[a-z0-9_%'-]+/g;

function lineFeatures(text: string) {
  const lines = text.split(/\r?\n/);
  let nonEmpty = 0, code = 0, comments = 0, hashes = 0, duplicates = 0, long = 0, lists = 0, paragraphs = 0;
  let lengthSum = 0, lengthSquares = 0, tabs = false, spaces = false, minIndent = Infinity, maxIndent = 0;
  let blankBefore = true;
  const seen = new Set<string>();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === "") {
      blankBefore = true;
      continue;
    }
    if (blankBefore) paragraphs += 1;
    blankBefore = false;
    nonEmpty += 1;
    lengthSum += line.length;
    lengthSquares += line.length ** 2;
    if (line.length > 120) long += 1;
    if (CODE_LINE.test(line)) code += 1;
    if (COMMENT_LINE.test(line)) comments += 1;
    if (LIST_LINE.test(line)) lists += 1;
    if (HASH_LINE.test(line)) hashes += 1;
    if (trimmed.length >= 8) {
      if (seen.has(trimmed)) duplicates += 1;
      else seen.add(trimmed);
    }
    const indent = line.length - line.trimStart().length;
    if (indent > 0) {
      if (line[0] === "\t") tabs = true;
      else spaces = true;
      minIndent = Math.min(minIndent, indent);
      maxIndent = Math.max(maxIndent, indent);
    }
  }
  const codeShare = nonEmpty ? code / nonEmpty : 0;
  if (codeShare > 0.3) comments += hashes;
  else lists += hashes;
  const mean = nonEmpty ? lengthSum / nonEmpty : 0;
  const spread = nonEmpty && mean ? Math.sqrt(Math.max(0, lengthSquares / nonEmpty - mean ** 2)) / mean : 0;
  return {
    nonEmptyLines: nonEmpty,
    code: codeShare,
    commentRatio: nonEmpty ? comments / nonEmpty : 0,
    duplicateLineRatio: nonEmpty ? duplicates / nonEmpty : 0,
    lineLengthSpread: spread,
    longLineRatio: nonEmpty ? long / nonEmpty : 0,
    maxIndentLevel: maxIndent === 0 ? 0 : Math.round(maxIndent / minIndent),
    mixedIndent: tabs && spaces,
    listOrHeadingLines: lists,
    paragraphs,
  };
}

const isSpace = (ch: number) => ch === 32 || ch === 10 || ch === 9 || ch === 13;

function characterFeatures(text: string) {
  let round = 0, square = 0, curly = 0, unbalanced = 0, exclamations = 0, questions = 0, sentences = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 40) round += 1; // (
    else if (ch === 41) round -= 1;
    else if (ch === 91) square += 1; // [
    else if (ch === 93) square -= 1;
    else if (ch === 123) curly += 1; // {
    else if (ch === 125) curly -= 1;
    else if (ch === 33) exclamations += 1; // !
    else if (ch === 63) questions += 1; // ?
    if ((ch === 46 || ch === 33 || ch === 63) && (i + 1 === text.length || isSpace(text.charCodeAt(i + 1)))) sentences += 1;
    if (round < 0 || square < 0 || curly < 0) {
      unbalanced += 1;
      round = Math.max(round, 0), square = Math.max(square, 0), curly = Math.max(curly, 0);
    }
  }
  return { unbalancedBrackets: unbalanced + round + square + curly, exclamations, questions, sentences };
}

/** Lowercase content words cut to a crude stem, for focus and context overlap. */
function stem(word: string): string {
  const cut = word.endsWith("ing") ? 3 : word.endsWith("ed") || word.endsWith("es") ? 2 : word.endsWith("s") ? 1 : 0;
  return word.slice(0, Math.min(word.length - cut, 8));
}

function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const ch = word.charCodeAt(i);
    if (ch >= 48 && ch <= 57) return true;
  }
  return false;
}

function wordFeatures(text: string, codeShare: number) {
  const lower = text.toLowerCase();
  const words = lower.match(WORD) ?? [];
  const cues = Object.fromEntries(Object.keys(CUES).map((family) => [family, 0])) as Record<CueFamily, number>;
  // Count each distinct word once, then classify distinct words only: far fewer than all words.
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  const frequency = new Map<string, number>();
  let numbers = 0;
  for (const [word, n] of counts) {
    for (const family of CUE_INDEX.get(word) ?? []) cues[family] += n;
    if (hasDigit(word)) numbers += n;
    if (word.length > 2 && !STOP_WORDS.has(word)) {
      const root = stem(word);
      frequency.set(root, (frequency.get(root) ?? 0) + n);
    }
  }
  const sample = words.slice(0, 2_000);
  const contentWords = [...frequency.values()].reduce((sum, n) => sum + n, 0);
  const top = [...frequency.values()].sort((a, b) => b - a).slice(0, 10).reduce((sum, n) => sum + n, 0);
  const shouted = codeShare > 0.3 ? 0 : (text.match(/\b[A-Z]{4,}\b/g) ?? []).length;
  const per100 = (n: number) => (words.length ? (100 * n) / words.length : 0);
  return {
    words: words.length,
    lexicalVariety: sample.length ? new Set(sample).size / sample.length : 0,
    focus: contentWords ? top / contentWords : 0,
    stems: frequency,
    urls: (lower.match(/https?:\/\/\S+/g) ?? []).length,
    numbersPer100: per100(numbers),
    shoutingPer100: per100(shouted),
    cues,
  };
}

function overlap(stems: Map<string, number>, context: string | undefined): number | null {
  if (!context) return null;
  const wanted = new Set((context.toLowerCase().match(WORD) ?? []).filter((w) => w.length > 2 && !STOP_WORDS.has(w)).map(stem));
  if (wanted.size === 0) return null;
  let hits = 0;
  for (const word of wanted) if (stems.has(word)) hits += 1;
  return hits / wanted.size;
}

/**
 * Extracts every feature the heuristic scores from.
 *
 * @example
 * extractFeatures("function add(a, b) { return a + b }").code; // 1
 */
export function extractFeatures(content: string, context?: string): TextFeatures {
  const lines = lineFeatures(content);
  const chars = characterFeatures(content);
  const { stems, ...words } = wordFeatures(content, lines.code);
  return {
    chars: content.length,
    ...lines,
    ...chars,
    ...words,
    avgSentenceWords: words.words / Math.max(1, chars.sentences),
    contextOverlap: overlap(stems, context),
  };
}
