import type { Bilingual } from './text';

/** STUB — filled in by the domain-core work (issue 3). Signatures are the contract. */
export type IdCheck =
  | { valid: true; kind: string; warning?: Bilingual }
  | { valid: false; kind: string; reason: Bilingual; /** true when the failure should only warn (USCC, account checksums) */ warnOnly?: boolean };

/** GB 11643-1999: 18 digits with ISO 7064 MOD 11-2 check, or a legacy 15-digit number. */
export declare function checkResidentId(text: string): IdCheck;
/** GB 32100-2015 unified social credit code; a checksum failure is a warning. */
export declare function checkUscc(text: string): IdCheck;
/** Bank card (Luhn) or corporate account (length and characters only). */
export declare function checkBankAccount(text: string): IdCheck;
/** 110105********002X (first 6 + last 4). */
export declare function maskId(text: string): string;
/** 138****5678 */
export declare function maskPhone(text: string): string;
/** ****0128 */
export declare function maskAccount(text: string): string;
/** Birth date of an 18-digit resident ID, for sample data and checks. */
export declare function residentIdCheckChar(first17: string): string;
