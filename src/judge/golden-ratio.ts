/**
 * The golden ratio and its powers, from which every built-in weight is drawn (docs/judgment-model.md).
 * Kept as computed constants rather than decimals so the math is exact to the double.
 */

export const PHI = 1.6180339887;
/** φ⁻¹ = 0.618…: also the ceiling of every confidence. */
export const PHI_INV = 1 / PHI;
export const PHI_INV2 = 1 / PHI ** 2;
export const PHI2 = PHI ** 2;
export const PHI3 = PHI ** 3;

/** Weights of dimensions by position 1..7 inside a `cynic-36` axiom: φ, φ⁻¹, 1, φ, φ⁻², φ⁻¹, φ⁻¹. */
export const POSITION_WEIGHTS = [PHI, PHI_INV, 1, PHI, PHI_INV2, PHI_INV, PHI_INV] as const;
