/** STUB — filled in by the domain-core work (issue 3). Signatures are the contract. */
export interface UnitCode {
  building: string;
  unit: string | null;
  room: string;
}
/** "3栋2单元1501", "3-2-1501", "3#2-1501", "3幢2单元1501室" (full-width too) → "3-2-1501"; null if not a unit code. */
export declare function normaliseUnitCode(text: string): string | null;
export declare function parseUnitCode(text: string): UnitCode | null;
/** Finds a unit code inside free text such as a 摘要 ("收3栋2单元1501张三按揭款"). */
export declare function findUnitCode(text: string): string | null;
/** NFKC, spaces removed, full-width folded: for comparing buyer names. */
export declare function normaliseName(text: string): string;
