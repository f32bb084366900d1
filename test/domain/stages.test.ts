import { describe, expect, it } from 'vitest';
import {
  LOAN_TYPE_NAMES,
  STAGES,
  checkStages,
  currentStage,
  parseLoanType,
  parsePaymentMethod,
  requiredStages,
  type StageDates,
} from '../../domain/stages';

const full: StageDates = {
  signed: '2026-08-01',
  filed: '2026-08-03',
  docsComplete: '2026-08-10',
  sentToBank: '2026-08-12',
  bankInterview: '2026-08-20',
  approved: '2026-09-01',
  mortgageRegistered: '2026-09-10',
  disbursed: '2026-09-15',
  certificateHandedOver: '2026-10-20',
  depositRefunded: '2026-11-03',
};

describe('the ten stages of DOMAIN.md', () => {
  it('are in order with Chinese and English names', () => {
    expect(STAGES.map((s) => s.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(STAGES.map((s) => s.name.zh)).toEqual([
      '签约', '网签备案', '资料收齐', '送银行', '面签', '审批通过', '抵押/预告登记', '放款', '他项权证移交', '保证金退还',
    ]);
    for (const s of STAGES) expect(s.name.en).toMatch(/^[A-Z][a-z]/);
  });
  it('loan types have bilingual names', () => {
    expect(LOAN_TYPE_NAMES.commercial.zh).toBe('商业贷款');
    expect(LOAN_TYPE_NAMES.providentFund.zh).toBe('公积金贷款');
    expect(LOAN_TYPE_NAMES.combined.zh).toBe('组合贷款');
  });
});

describe('parseLoanType', () => {
  it.each([
    ['商业贷款', 'commercial'],
    ['商贷', 'commercial'],
    ['按揭', 'commercial'],
    [' 商 贷 ', 'commercial'],
    ['Commercial loan', 'commercial'],
    ['公积金贷款', 'providentFund'],
    ['公积金', 'providentFund'],
    ['Provident fund', 'providentFund'],
    ['组合贷款', 'combined'],
    ['组合贷', 'combined'],
    ['组合', 'combined'],
    ['COMBINED', 'combined'],
    ['一次性付款', null],
    ['全款', null],
    ['', null],
    ['分期', null],
  ])('%j → %s', (text, type) => {
    expect(parseLoanType(text)).toBe(type);
  });
  it('parsePaymentMethod tells full payment from unknown text', () => {
    expect(parsePaymentMethod('一次性付款')).toBe('fullPayment');
    expect(parsePaymentMethod('全款')).toBe('fullPayment');
    expect(parsePaymentMethod('商贷')).toBe('commercial');
    expect(parsePaymentMethod('分期')).toBeNull();
  });
});

describe('checkStages', () => {
  it('a complete, ordered record has no problems for any loan type', () => {
    for (const t of ['commercial', 'providentFund', 'combined', null] as const) expect(checkStages(full, t)).toEqual([]);
  });
  it('equal dates on consecutive stages are fine', () => {
    expect(checkStages({ signed: '2026-08-01', filed: '2026-08-01' }, 'commercial')).toEqual([]);
  });
  it('a stage dated before the earlier one → STAGE_ORDER naming both', () => {
    const p = checkStages({ ...full, disbursed: '2026-09-05' }, 'commercial');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'STAGE_ORDER', stage: 'disbursed', other: 'mortgageRegistered' });
    expect(p[0].message.zh).toContain('放款');
    expect(p[0].message.zh).toContain('2026-09-05');
    expect(p[0].message.en).toContain('Loan disbursed');
  });
  it('order is checked against the nearest earlier dated stage, skipping empty ones', () => {
    const p = checkStages({ signed: '2026-08-05', filed: null, docsComplete: '2026-08-01' }, null);
    expect(p).toEqual([
      expect.objectContaining({ code: 'STAGE_ORDER', stage: 'docsComplete', other: 'signed' }),
      expect.objectContaining({ code: 'STAGE_GAP', stage: 'docsComplete', other: 'filed' }), // 网签备案 is always required
    ]);
  });
  it('a later stage dated while an earlier required one is empty → STAGE_GAP', () => {
    const { bankInterview: _skip, ...rest } = full;
    const p = checkStages(rest, 'commercial');
    expect(p).toEqual([expect.objectContaining({ code: 'STAGE_GAP', stage: 'approved', other: 'bankInterview' })]);
    expect(p[0].message.zh).toContain('面签');
    expect(checkStages({ ...full, filed: '' }, 'providentFund')).toEqual([
      expect.objectContaining({ code: 'STAGE_GAP', stage: 'docsComplete', other: 'filed' }),
    ]);
  });
  it('both problems at once', () => {
    const p = checkStages({ signed: '2026-08-10', filed: '2026-08-01', sentToBank: '2026-08-20' }, 'combined');
    expect(p.map((x) => `${x.code}:${x.stage}<${x.other}`)).toEqual([
      'STAGE_ORDER:filed<signed',
      'STAGE_GAP:sentToBank<docsComplete',
    ]);
  });
  it('stages 9–10 are required only for commercial/combined loans with a deposit', () => {
    const refundedWithoutCertificate: StageDates = { ...full, certificateHandedOver: null };
    expect(checkStages(refundedWithoutCertificate, 'commercial')).toEqual([
      expect.objectContaining({ code: 'STAGE_GAP', stage: 'depositRefunded', other: 'certificateHandedOver' }),
    ]);
    expect(checkStages(refundedWithoutCertificate, 'combined')).toHaveLength(1);
    expect(checkStages(refundedWithoutCertificate, 'providentFund')).toEqual([]);
    expect(checkStages(refundedWithoutCertificate, 'commercial', { hasDeposit: false })).toEqual([]);
    expect(requiredStages('commercial')).toHaveLength(10);
    expect(requiredStages('providentFund')).toHaveLength(8);
    expect(requiredStages(null)).toEqual(['signed', 'filed']);
  });
  it('without a loan only 签约 and 网签备案 are required', () => {
    expect(checkStages({ signed: '2026-08-01', filed: '2026-08-02', disbursed: '2026-09-01' }, null)).toEqual([]);
    expect(checkStages({ filed: '2026-08-02' }, null)).toEqual([
      expect.objectContaining({ code: 'STAGE_GAP', stage: 'filed', other: 'signed' }),
    ]);
  });
  it('values that are not dates are left to the reader', () => {
    expect(checkStages({ signed: '2026-08-01', filed: 'n/a' as string }, 'commercial')).toEqual([]);
  });
});

describe('currentStage', () => {
  it('is the highest stage with a date', () => {
    expect(currentStage(full)).toBe('depositRefunded');
    expect(currentStage({ signed: '2026-08-01', filed: '2026-08-03', docsComplete: null })).toBe('filed');
    expect(currentStage({ signed: '2026-08-01', approved: '2026-09-01' })).toBe('approved');
    expect(currentStage({})).toBeNull();
    expect(currentStage({ signed: null, filed: '' })).toBeNull();
  });
});
