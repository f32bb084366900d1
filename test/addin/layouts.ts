import Decimal from 'decimal.js';
import { addDays } from '../../domain/dates';
import type { SheetLayout } from '../../domain/sheets/layout';
import { layoutSheet, type SheetRow } from '../../domain/sheets/layoutSheet';
import { sheetDescription } from '../../addin/services/templates';

const BANKS = ['中国工商银行', '中国建设银行', '招商银行', '中国银行'];

/** A progress sheet (templates/sheets/progress.json through the shared layoutSheet) of n unit rows, grouped by bank. */
export function progressLayoutForTest(n: number): SheetLayout {
  const rows: SheetRow[] = [];
  const perBank = Math.ceil(n / BANKS.length);
  let seq = 0;
  for (const bank of BANKS) {
    rows.push({ kind: 'group', label: bank, values: {} });
    for (let i = 0; i < perBank && seq < n; i++, seq++) {
      const loan = new Decimal(700000 + (seq % 997) * 1000).plus('0.50');
      rows.push({
        values: {
          seq: seq + 1,
          unitKey: `${1 + Math.floor(seq / 240)}-${1 + (seq % 4)}-${1001 + (seq % 240)}`,
          mainBorrower: ['王伟', '李娜', '张敏', '刘洋'][seq % 4],
          contractNo: `BJHY-${String(seq + 1).padStart(5, '0')}`,
          loanType: '商业贷款',
          totalPrice: loan.times(1.4),
          loanAmount: loan,
          disbursed: seq % 3 === 0 ? loan : new Decimal(0),
          toDisburse: seq % 3 === 0 ? new Decimal(0) : loan,
          stage: ['送银行', '面签', '审批通过'][seq % 3],
          stageDate: { kind: 'date', date: addDays('2026-11-01', seq % 20) },
          daysInStage: 22 - (seq % 20),
          limitDays: 15,
          overdue: 22 - (seq % 20) > 15 ? '是' : '否',
          changed: seq % 11 === 0 ? '是' : '否',
          follower: '陈晓',
          remarks: seq % 50 === 0 ? '等待银行审批' : null,
        },
      });
    }
    rows.push({ kind: 'subtotal', label: `${bank} 小计`, values: {} });
  }
  rows.push({ kind: 'total', label: '合计', values: {} });
  return layoutSheet(sheetDescription('progress'), rows, {
    lang: 'zh',
    info: [
      { label: { zh: '项目', en: 'Project' }, value: '滨江花园' },
      { label: { zh: '周次', en: 'Week' }, value: '2026-W48' },
    ],
  });
}
