import type { RegisterUnit } from '../../domain/register';
import { makeUnit } from './helpers';

/**
 * A small hand-made register for week 2026-W48 (Mon 2026-11-23 – Sun 2026-11-29), with the
 * expected figures worked out by hand in progress.test.ts:
 *  A ICBC 700,000 disbursed 11-24 (this week)      B ICBC 500,000 disbursed 10-10 (stage date only)
 *  C ICBC 600,000 at the bank since 11-01 (28 days) D ICBC 400,000 finished (deposit refunded)
 *  E CCB 800,000 disbursed 11-27                    F combined: ICBC 300,000 disbursed 11-25, provident 200,000 pending
 *  G provident 400,000 approved 11-20               H full payment (no line)
 *  I ICBC 900,000 disbursed 11-30 (after the week)
 */
export function smallRegister(): RegisterUnit[] {
  const s = (upTo: Record<string, string>) => ({ signed: '2026-09-01', filed: '2026-09-03', docsComplete: '2026-09-10', ...upTo });
  return [
    makeUnit({ room: '0101', mainBorrower: '甲', commercialLoan: '700000.00', downPayment: '300000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10', disbursed: '2026-11-24' }) }),
    makeUnit({ room: '0102', mainBorrower: '乙', commercialLoan: '500000.00', downPayment: '500000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-09-25', mortgageRegistered: '2026-10-01', disbursed: '2026-10-10', certificateHandedOver: '2026-11-02' }) }),
    makeUnit({ room: '0103', mainBorrower: '丙', commercialLoan: '600000.00', downPayment: '400000.00', stages: s({ sentToBank: '2026-11-01' }) }),
    makeUnit({ room: '0104', mainBorrower: '丁', commercialLoan: '400000.00', downPayment: '600000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-09-25', mortgageRegistered: '2026-10-01', disbursed: '2026-06-15', certificateHandedOver: '2026-09-01', depositRefunded: '2026-09-30' }) }),
    makeUnit({ room: '0105', mainBorrower: '戊', bank: '中国建设银行', commercialLoan: '800000.00', downPayment: '200000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10', disbursed: '2026-11-27' }) }),
    makeUnit({ room: '0106', mainBorrower: '己', loanType: 'combined', commercialLoan: '300000.00', providentLoan: '200000.00', downPayment: '500000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10', disbursed: '2026-11-25' }) }),
    makeUnit({ room: '0107', mainBorrower: '庚', loanType: 'providentFund', bank: null, commercialLoan: null, providentLoan: '400000.00', downPayment: '600000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-11-20' }) }),
    makeUnit({ room: '0108', mainBorrower: '', loanType: null, bank: null, commercialLoan: null, downPayment: '1000000.00', stages: s({}) }),
    makeUnit({ room: '0109', mainBorrower: '辛', commercialLoan: '900000.00', downPayment: '100000.00', stages: s({ sentToBank: '2026-09-12', bankInterview: '2026-09-20', approved: '2026-10-01', mortgageRegistered: '2026-11-10', disbursed: '2026-11-30' }) }),
  ].map((u) => {
    // per-part disbursement records for A and F (the others use the 放款 stage date)
    if (u.room === '0101') return { ...u, commercialDisbursed: u.commercialLoan, commercialDisbursedDate: '2026-11-24' };
    if (u.room === '0106') return { ...u, commercialDisbursed: u.commercialLoan, commercialDisbursedDate: '2026-11-25' };
    return u;
  });
}
