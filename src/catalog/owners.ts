/** Who owns a rendered file after creation; see PRODUCT.md, "File ownership". */
export const OWNERS = ['managed', 'merged', 'seeded'] as const;
export type Owner = (typeof OWNERS)[number];
