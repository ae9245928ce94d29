/**
 * Version of the instructions given to a judge. It is part of every judgment and of the judge profile
 * digest, so changing the prompt yields new derived cells instead of silently mixing judgments.
 */
export const PROMPT_VERSION = "p1";
