/** How many dimensions a rubric has, across its axioms. */
export function countDimensions(rubric: { axioms: readonly { dimensions: readonly unknown[] }[] }): number {
  return rubric.axioms.reduce((sum, axiom) => sum + axiom.dimensions.length, 0);
}
