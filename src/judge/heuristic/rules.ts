import type { CueFamily, TextFeatures } from "./features.ts";

/**
 * Which measurable feature drives which `cynic-36` dimension. Each rule starts from a neutral base and
 * adds signed contributions; the rationale names the contributions that moved the score most. The
 * offline judge is a smoke detector, not a critic: it reads surface signs of care (structure, repetition,
 * balance, tests and comments in code, hedging and sourcing in prose) and says so in every rationale.
 *
 * | dimension | driven by |
 * |---|---|
 * | COHERENCE | bracket balance, repeated lines, TODO/FIXME markers |
 * | ELEGANCE | nesting depth, long lines, sentence length, filler words |
 * | STRUCTURE | paragraphs, headings and lists (prose), indentation and comments (code) |
 * | HARMONY | spread of line lengths, mixed tabs and spaces |
 * | PRECISION | numbers, type words (code), hedges and vague words |
 * | COMPLETENESS | length, error handling (code), TODO markers |
 * | PROPORTION | length against a sweet spot, repeated lines |
 * | ACCURACY | hype words, unbalanced brackets, cited sources |
 * | PROVENANCE | links, source and credit words |
 * | INTEGRITY | secret- and danger-words (eval, password, rm), over-long unbroken tokens |
 * | VERIFIABILITY | test words (code), links and sources, numbers |
 * | TRANSPARENCY | reasoning words, comments |
 * | REPRODUCIBILITY | numbered steps, tests, randomness and clock words |
 * | CONSENSUS | sources, hype words, mixed indentation |
 * | AUTHENTICITY | boilerplate words, lexical variety, repeated lines |
 * | RESONANCE | second person and questions, sentence length |
 * | NOVELTY | lexical variety, boilerplate |
 * | ALIGNMENT | consistent indentation, shouting |
 * | RELEVANCE | overlap with `context`, else how focused the vocabulary is |
 * | IMPACT | length, utility words |
 * | LINEAGE | credit words, links, imports |
 * | UTILITY | utility words, length |
 * | SUSTAINABILITY | comments, tests, nesting, long and repeated lines |
 * | EFFICIENCY | repeated lines, filler words |
 * | VALUE_CREATION | utility words, lexical variety, length |
 * | SACRIFICE | giving words against extracting words |
 * | CONTRIBUTION | giving and credit words, comments |
 * | IRREVERSIBILITY | commitment words against hedges |
 * | COMMITMENT | focus, commitment words |
 * | ATTUNEMENT | feedback words, questions |
 * | CANDOR | limit and risk words, hype words |
 * | CONGRUENCE | claims backed by tests or sources, hype words |
 * | ACCOUNTABILITY | ownership words |
 * | VIGILANCE | validation, error and monitoring words |
 * | KENOSIS | hype words, exclamation marks, shouting |
 */

export type Driver = [label: string, delta: number];
export interface RuleOutcome {
  base: number;
  drivers: Driver[];
}
export type Rule = (f: TextFeatures) => RuleOutcome;

/** `delta` scaled by where `x` sits between `from` (0) and `to` (all of it), clamped. */
export function ramp(x: number, from: number, to: number, delta: number): number {
  const t = (x - from) / (to - from);
  return delta * Math.min(1, Math.max(0, t));
}

const per100 = (f: TextFeatures, family: CueFamily) => (f.words ? (100 * f.cues[family]) / f.words : 0);
const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;
const isCode = (f: TextFeatures) => f.code > 0.3;
const cue = (f: TextFeatures, family: CueFamily, label: string = family) => `${f.cues[family]} ${label} word${f.cues[family] === 1 ? "" : "s"}`;

/** Length against a sweet spot of 30–1,500 words: too little says nothing, too much buries it. */
const lengthFit = (f: TextFeatures, delta: number): Driver => [
  `${f.words} words`,
  f.words < 30 ? ramp(f.words, 30, 3, -delta) : ramp(f.words, 1_500, 8_000, -delta / 2) + ramp(f.words, 30, 120, delta / 2),
];

export const RULES: Record<string, Rule> = {
  COHERENCE: (f) => ({ base: 62, drivers: [[`${f.unbalancedBrackets} unpaired brackets`, ramp(f.unbalancedBrackets, 0, 4, -25)], [`${pct(f.duplicateLineRatio)} repeated lines`, ramp(f.duplicateLineRatio, 0.05, 0.4, -20)], [cue(f, "limit", "limit/TODO"), ramp(per100(f, "limit"), 2, 6, -8)]] }),
  ELEGANCE: (f) => ({ base: 58, drivers: [[`indent depth ${f.maxIndentLevel}`, ramp(f.maxIndentLevel, 3, 7, -18)], [`${pct(f.longLineRatio)} long lines`, ramp(f.longLineRatio, 0, 0.3, -15)], [`${f.avgSentenceWords.toFixed(0)} words per sentence`, isCode(f) ? 0 : ramp(f.avgSentenceWords, 22, 45, -15)], [cue(f, "filler"), ramp(per100(f, "filler"), 1, 5, -10)]] }),
  STRUCTURE: (f) => ({ base: 48, drivers: isCode(f) ? [[`indent depth ${f.maxIndentLevel}`, f.maxIndentLevel >= 1 ? 10 : -5], [`${pct(f.commentRatio)} comment lines`, ramp(f.commentRatio, 0.02, 0.2, 12)], [`${f.nonEmptyLines} lines`, ramp(f.nonEmptyLines, 1, 8, 8)]] : [[`${f.paragraphs} paragraphs`, ramp(f.paragraphs, 1, 4, 15)], [`${f.listOrHeadingLines} headings/list items`, ramp(f.listOrHeadingLines, 0, 4, 15)], [`${f.avgSentenceWords.toFixed(0)} words per sentence`, ramp(f.avgSentenceWords, 30, 60, -12)]] }),
  HARMONY: (f) => ({ base: 62, drivers: [[`line length spread ${f.lineLengthSpread.toFixed(2)}`, ramp(f.lineLengthSpread, 0.6, 1.5, -20)], ["mixed tabs and spaces", f.mixedIndent ? -12 : 0], [`${pct(f.longLineRatio)} long lines`, ramp(f.longLineRatio, 0.05, 0.3, -8)]] }),
  PRECISION: (f) => ({ base: 52, drivers: [[`${f.numbersPer100.toFixed(1)} numbers per 100 words`, ramp(f.numbersPer100, 0.5, 5, 12)], [cue(f, "types", "type"), isCode(f) ? ramp(per100(f, "types"), 0.5, 4, 10) : 0], [cue(f, "hedge"), ramp(per100(f, "hedge"), 0.5, 4, -15)], [cue(f, "vague"), ramp(per100(f, "vague"), 0.3, 3, -12)]] }),
  COMPLETENESS: (f) => ({ base: 50, drivers: [lengthFit(f, 25), [cue(f, "guard", "error-handling"), isCode(f) ? ramp(per100(f, "guard"), 0, 3, 12) : 0], [cue(f, "limit", "limit/TODO"), ramp(per100(f, "limit"), 2, 6, -6)]] }),
  PROPORTION: (f) => ({ base: 58, drivers: [lengthFit(f, 20), [`${pct(f.duplicateLineRatio)} repeated lines`, ramp(f.duplicateLineRatio, 0.05, 0.4, -20)]] }),

  ACCURACY: (f) => ({ base: 58, drivers: [[cue(f, "hype"), ramp(per100(f, "hype"), 0.3, 3, -20)], [`${f.unbalancedBrackets} unpaired brackets`, ramp(f.unbalancedBrackets, 0, 4, -15)], [cue(f, "source"), ramp(f.cues.source + f.urls, 0, 3, 8)]] }),
  PROVENANCE: (f) => ({ base: 38, drivers: [[`${f.urls} links`, ramp(f.urls, 0, 3, 20)], [cue(f, "source"), ramp(f.cues.source, 0, 3, 15)], [cue(f, "credit"), ramp(f.cues.credit, 0, 3, 12)]] }),
  INTEGRITY: (f) => ({ base: 68, drivers: [[cue(f, "danger", "secret/danger"), ramp(f.cues.danger, 0, 4, -30)], [`${f.unbalancedBrackets} unpaired brackets`, ramp(f.unbalancedBrackets, 2, 8, -8)], [cue(f, "hype"), ramp(per100(f, "hype"), 0.5, 3, -8)]] }),
  VERIFIABILITY: (f) => ({ base: 40, drivers: [[cue(f, "test"), isCode(f) ? ramp(per100(f, "test"), 0, 3, 30) : 0], [`${f.urls} links, ${f.cues.source} source words`, ramp(f.urls + f.cues.source, 0, 4, 20)], [`${f.numbersPer100.toFixed(1)} numbers per 100 words`, ramp(f.numbersPer100, 0.5, 5, 8)]] }),
  TRANSPARENCY: (f) => ({ base: 45, drivers: [[cue(f, "reason", "reasoning"), ramp(per100(f, "reason"), 0.2, 2.5, 20)], [`${pct(f.commentRatio)} comment lines`, isCode(f) ? ramp(f.commentRatio, 0.02, 0.2, 18) : 0]] }),
  REPRODUCIBILITY: (f) => ({ base: 48, drivers: [[`${f.listOrHeadingLines} steps/list items`, ramp(f.listOrHeadingLines, 0, 5, 12)], [cue(f, "test"), isCode(f) ? ramp(per100(f, "test"), 0, 3, 15) : 0], [cue(f, "randomness", "randomness/clock"), ramp(f.cues.randomness, 0, 3, -12)], [`${f.numbersPer100.toFixed(1)} numbers per 100 words`, ramp(f.numbersPer100, 0.5, 5, 6)]] }),
  CONSENSUS: (f) => ({ base: 55, drivers: [[cue(f, "source"), ramp(f.cues.source + f.urls, 0, 3, 10)], [cue(f, "hype"), ramp(per100(f, "hype"), 0.3, 3, -15)], ["mixed tabs and spaces", f.mixedIndent ? -8 : 0]] }),

  AUTHENTICITY: (f) => ({ base: 55, drivers: [[cue(f, "boilerplate"), ramp(per100(f, "boilerplate"), 0.2, 3, -25)], [`lexical variety ${pct(f.lexicalVariety)}`, ramp(f.lexicalVariety, 0.3, 0.65, 12)], [`${pct(f.duplicateLineRatio)} repeated lines`, ramp(f.duplicateLineRatio, 0.05, 0.4, -15)]] }),
  RESONANCE: (f) => ({ base: 50, drivers: [[cue(f, "feedback", "second-person/feedback"), ramp(per100(f, "feedback"), 0, 3, 12)], [`${f.questions} questions`, isCode(f) ? 0 : ramp(f.questions, 0, 3, 6)], [`${f.avgSentenceWords.toFixed(0)} words per sentence`, isCode(f) ? 0 : ramp(f.avgSentenceWords, 25, 50, -15)], [`${pct(f.commentRatio)} comment lines`, isCode(f) ? ramp(f.commentRatio, 0.02, 0.2, 12) : 0]] }),
  NOVELTY: (f) => ({ base: 45, drivers: [[`lexical variety ${pct(f.lexicalVariety)}`, ramp(f.lexicalVariety, 0.3, 0.7, 18)], [cue(f, "boilerplate"), ramp(per100(f, "boilerplate"), 0.2, 3, -20)], [`${pct(f.duplicateLineRatio)} repeated lines`, ramp(f.duplicateLineRatio, 0.05, 0.4, -15)]] }),
  ALIGNMENT: (f) => ({ base: 58, drivers: [["mixed tabs and spaces", f.mixedIndent ? -15 : 0], [`${f.shoutingPer100.toFixed(1)} shouted words per 100`, ramp(f.shoutingPer100, 0.5, 5, -15)], [`${pct(f.longLineRatio)} long lines`, isCode(f) ? ramp(f.longLineRatio, 0.05, 0.3, -10) : 0]] }),
  RELEVANCE: (f) => ({ base: 55, drivers: f.contextOverlap === null ? [[`focus ${pct(f.focus)} of words on ten topics`, ramp(f.focus, 0.15, 0.5, 15)]] : [[`${pct(f.contextOverlap)} of the context's words addressed`, ramp(f.contextOverlap, 0.05, 0.6, 30) - 12]] }),
  IMPACT: (f) => ({ base: 45, drivers: [lengthFit(f, 20), [cue(f, "utility"), ramp(per100(f, "utility"), 0.2, 3, 12)]] }),
  LINEAGE: (f) => ({ base: 38, drivers: [[cue(f, "credit"), ramp(f.cues.credit, 0, 3, 20)], [`${f.urls} links`, ramp(f.urls, 0, 3, 12)], [cue(f, "source"), ramp(f.cues.source, 0, 3, 8)]] }),

  UTILITY: (f) => ({ base: 50, drivers: [[cue(f, "utility"), ramp(per100(f, "utility"), 0.2, 3, 15)], lengthFit(f, 15)] }),
  SUSTAINABILITY: (f) => ({ base: 50, drivers: [[`${pct(f.commentRatio)} comment lines`, isCode(f) ? ramp(f.commentRatio, 0.02, 0.2, 12) : 0], [cue(f, "test"), isCode(f) ? ramp(per100(f, "test"), 0, 3, 10) : 0], [`indent depth ${f.maxIndentLevel}`, ramp(f.maxIndentLevel, 3, 7, -12)], [`${pct(f.duplicateLineRatio)} repeated lines`, ramp(f.duplicateLineRatio, 0.05, 0.4, -15)], [`${pct(f.longLineRatio)} long lines`, ramp(f.longLineRatio, 0.05, 0.3, -8)]] }),
  EFFICIENCY: (f) => ({ base: 60, drivers: [[`${pct(f.duplicateLineRatio)} repeated lines`, ramp(f.duplicateLineRatio, 0.03, 0.3, -25)], [cue(f, "filler"), ramp(per100(f, "filler"), 1, 5, -15)], lengthFit(f, 10)] }),
  VALUE_CREATION: (f) => ({ base: 48, drivers: [[cue(f, "utility"), ramp(per100(f, "utility"), 0.2, 3, 12)], [`lexical variety ${pct(f.lexicalVariety)}`, ramp(f.lexicalVariety, 0.3, 0.65, 10)], lengthFit(f, 15)] }),
  SACRIFICE: (f) => ({ base: 50, drivers: [[cue(f, "giving"), ramp(f.cues.giving, 0, 4, 15)], [cue(f, "extracting"), ramp(per100(f, "extracting"), 0.2, 2, -25)]] }),
  CONTRIBUTION: (f) => ({ base: 45, drivers: [[cue(f, "giving"), ramp(f.cues.giving, 0, 4, 12)], [cue(f, "credit"), ramp(f.cues.credit, 0, 3, 10)], [`${pct(f.commentRatio)} comment lines`, isCode(f) ? ramp(f.commentRatio, 0.02, 0.2, 10) : 0]] }),
  IRREVERSIBILITY: (f) => ({ base: 50, drivers: [[cue(f, "commitment"), ramp(per100(f, "commitment"), 0.2, 2.5, 15)], [cue(f, "hedge"), ramp(per100(f, "hedge"), 0.5, 4, -15)]] }),

  COMMITMENT: (f) => ({ base: 55, drivers: [[`focus ${pct(f.focus)} of words on ten topics`, ramp(f.focus, 0.15, 0.5, 12)], [cue(f, "commitment"), ramp(per100(f, "commitment"), 0.2, 2.5, 10)]] }),
  ATTUNEMENT: (f) => ({ base: 45, drivers: [[cue(f, "feedback"), ramp(per100(f, "feedback"), 0, 3, 18)], [`${f.questions} questions`, isCode(f) ? 0 : ramp(f.questions, 0, 3, 8)]] }),
  CANDOR: (f) => ({ base: 45, drivers: [[cue(f, "limit", "limit/risk"), ramp(f.cues.limit, 0, 4, 22)], [cue(f, "hype"), ramp(per100(f, "hype"), 0.3, 3, -20)]] }),
  CONGRUENCE: (f) => ({ base: 55, drivers: [[`${f.cues.test} test, ${f.cues.source + f.urls} source/link words`, ramp(f.cues.test + f.cues.source + f.urls, 0, 4, 12)], [cue(f, "hype"), ramp(per100(f, "hype"), 0.3, 3, -18)]] }),
  ACCOUNTABILITY: (f) => ({ base: 45, drivers: [[cue(f, "ownership"), ramp(per100(f, "ownership"), 0.2, 3, 20)]] }),
  VIGILANCE: (f) => ({ base: 45, drivers: [[cue(f, "guard", "validation/error"), ramp(per100(f, "guard"), 0, 3, 25)], [cue(f, "test"), isCode(f) ? ramp(per100(f, "test"), 0, 3, 8) : 0]] }),
  KENOSIS: (f) => ({ base: 60, drivers: [[cue(f, "hype"), ramp(per100(f, "hype"), 0.3, 3, -20)], [`${f.exclamations} exclamation marks`, isCode(f) ? 0 : ramp(f.exclamations, 1, 8, -12)], [`${f.shoutingPer100.toFixed(1)} shouted words per 100`, ramp(f.shoutingPer100, 0.5, 5, -10)]] }),
};
