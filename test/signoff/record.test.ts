import { describe, expect, it } from 'vitest';
import { type RawCell, canonicalize } from '../../domain/signoff/canonical';
import { type SignoffRecord, SignoffRefusal, describeRecordProblem, nextRole, sign, unseal, verify } from '../../domain/signoff/record';
import { recordProblems } from '../../domain/signoff/recordSeal';
import { RECORD_COLUMNS, SEAL_COLUMN, UNSEAL_SEAL_COLUMN, recordsToTable, splitContent, tableToRecords } from '../../domain/signoff/recordTable';
import { blockFill, dateSerial, findSignatureBlock } from '../../domain/signoff/signatureBlock';
import { type Scope, WHOLE_SHEET } from '../../domain/signoff/scope';

const scope: Scope = { sheets: [{ sheet: '进度表', ranges: [WHOLE_SHEET], exclude: ['9:9'] }] };
const cells = (amount: number): RawCell[] => [
  { row: 1, col: 1, value: { kind: 'text', text: '按揭进度表' } },
  { row: 2, col: 2, value: { kind: 'number', value: amount, format: '¥#,##0.00' } },
  { row: 9, col: 2, value: { kind: 'text', text: '张三' } }, // the signature block row: excluded
];
const content = (amount: number) => canonicalize(scope, () => cells(amount));
const base = { scope, toolVersion: '0.1.0', content: content(100) };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SignoffRefusal) return e.text.zh;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('sign-off records', () => {
  it('signs 制表 then 审核 then 批准, over the same scope and fingerprint', () => {
    let r: SignoffRecord[] = [];
    expect(nextRole(r)).toBe('制表');
    r = sign(r, { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    r = sign(r, { ...base, name: '王经理', role: '审核', now: '2026-11-23T11:00:00', scope: { sheets: [] } });
    r = sign(r, { ...base, name: '赵总', role: '批准', now: '2026-11-23T12:00:00' });
    expect(r.map((x) => [x.seq, x.round, x.role, x.name, x.status])).toEqual([
      [1, 1, '制表', '李四', 'active'],
      [2, 1, '审核', '王经理', 'active'],
      [3, 1, '批准', '赵总', 'active'],
    ]);
    expect(r.every((x) => x.fingerprint === base.content.fingerprint && JSON.stringify(x.scope) === JSON.stringify(scope))).toBe(true);
    expect(nextRole(r)).toBeNull();
    expect(refusal(() => sign(r, { ...base, name: '钱', role: '批准', now: '2026-11-23T13:00:00' }))).toContain('全部签核');
  });

  it('refuses roles out of order, a repeated signer, and content changed since the first signature', () => {
    expect(refusal(() => sign([], { ...base, name: '王经理', role: '审核', now: 'x' }))).toContain('下一位应为「制表」');
    const r = sign([], { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    expect(refusal(() => sign(r, { ...base, name: '赵总', role: '批准', now: 'x' }))).toContain('下一位应为「审核」');
    expect(refusal(() => sign(r, { ...base, name: '李四', role: '审核', now: 'x' }))).toContain('已在本轮签核中签过');
    expect(refusal(() => sign(r, { ...base, content: content(101), name: '王经理', role: '审核', now: 'x' }))).toContain('已被修改');
    expect(refusal(() => sign([], { ...base, name: '  ', role: '制表', now: 'x' }))).toContain('姓名');
    // the same person cannot sign again as "another" by adding an invisible character; a name split over lines is refused
    expect(refusal(() => sign(r, { ...base, name: '李四\u200b', role: '审核', now: 'x' }))).toContain('不可见字符');
    expect(refusal(() => sign([], { ...base, name: '张"三\n王', role: '制表', now: 'x' }))).toContain('换行');
    expect(refusal(() => unseal(r, '王\t经理', '金额更正', 'x'))).toContain('换行');
    expect(sign([], { ...base, name: "O'Brien \"Bob\"", role: '制表', now: 'x' })[0].name).toBe("O'Brien \"Bob\"");
    expect(refusal(() => sign([], { ...base, content: canonicalize(scope, () => []), name: '李四', role: '制表', now: 'x' }))).toContain('没有任何内容');
  });

  it('verify: intact, then changed with the cell, then unsigned after unseal; history kept and a new round starts', () => {
    let r = sign([], { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    expect(verify(r, content(100)).status).toBe('intact');
    // a change inside the excluded signature row is not a change
    expect(verify(r, canonicalize(scope, () => cells(100).map((c) => (c.row === 9 ? { ...c, value: { kind: 'text' as const, text: '别人' } } : c)))).status).toBe('intact');
    const v = verify(r, content(100.01));
    expect(v.status).toBe('changed');
    if (v.status === 'changed') {
      expect(v.changes.map((c) => c.address)).toEqual(["'进度表'!B2"]);
      expect(v.recordTampered).toBe(false);
    }
    expect(refusal(() => unseal(r, '王经理', ' ', '2026-11-24T09:00:00'))).toContain('原因');
    r = unseal(r, '王经理', '金额录入错误', '2026-11-24T09:00:00');
    expect(r[0]).toMatchObject({ status: 'unsealed', unsealed: { by: '王经理', at: '2026-11-24T09:00:00', reason: '金额录入错误' } });
    expect(verify(r, content(100.01)).status).toBe('unsigned');
    expect(refusal(() => unseal(r, '王经理', 'again', 'x'))).toContain('没有有效的签核');
    r = sign(r, { ...base, content: content(100.01), name: '李四', role: '制表', now: '2026-11-24T10:00:00' });
    expect(r.map((x) => [x.seq, x.round, x.status])).toEqual([
      [1, 1, 'unsealed'],
      [2, 2, 'active'],
    ]);
    expect(verify(r, content(100.01)).status).toBe('intact');
  });

  it('detects an altered record: stored copy no longer matching its fingerprint', () => {
    const r = sign([], { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    const forged = [{ ...r[0], content: r[0].content.replace('100', '101') }];
    const v = verify(forged, content(101));
    expect(v.status).toBe('changed');
    if (v.status === 'changed') expect(v.recordTampered).toBe(true);
  });

  it('treats a recorded scope edited to leave out what was added (a row excluded, ranges narrowed) as an altered record, and refuses to sign on over it', () => {
    const r = sign([], { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    // A line typed at row 20 after signing, and the record's scope edited so that it is left out:
    // canonicalised under the edited scope, the content still has the signed fingerprint.
    const added: RawCell[] = [...cells(100), { row: 20, col: 1, value: { kind: 'text', text: '补充一行' } }];
    for (const edited of [
      { sheets: [{ sheet: '进度表', ranges: [WHOLE_SHEET], exclude: ['9:9', '20:20'] }] },
      { sheets: [{ sheet: '进度表', ranges: [WHOLE_SHEET], exclude: ['9:20'] }] },
      { sheets: [{ sheet: '进度表', ranges: ['A1:Z19'], exclude: ['9:9'] }] },
      { sheets: [{ sheet: '进度表', ranges: [WHOLE_SHEET], exclude: ['9:9', 'A20'] }] },
    ]) {
      const forged = [{ ...r[0], scope: edited }];
      const now = canonicalize(edited, () => added);
      expect(now.fingerprint).toBe(r[0].fingerprint);
      const v = verify(forged, now);
      expect(v.status).toBe('changed');
      if (v.status === 'changed') expect(v.recordTampered).toBe(true);
      expect(refusal(() => sign(forged, { ...base, scope: edited, content: now, name: '王经理', role: '审核', now: '2026-11-23T11:00:00' }))).toContain('已被修改');
    }
    // The form signing writes still verifies: the whole sheet less the signature block row, or less nothing.
    expect(verify(r, content(100)).status).toBe('intact');
    const noBlock: Scope = { sheets: [{ sheet: '进度表', ranges: [WHOLE_SHEET], exclude: [] }] };
    const plain = sign([], { ...base, scope: noBlock, content: canonicalize(noBlock, () => cells(100)), name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    expect(verify(plain, canonicalize(noBlock, () => cells(100))).status).toBe('intact');
  });

  it('round-trips through the 签核记录 table, long content split into parts', () => {
    const big: RawCell[] = Array.from({ length: 3000 }, (_, i) => ({ row: i + 1, col: 1, value: { kind: 'text', text: `第${i}行 𠮷 ${'x'.repeat(20)}` } }));
    const bigContent = canonicalize(scope, () => big);
    let r = sign([], { ...base, content: bigContent, name: '李四', role: '制表', now: '2026-11-23T10:00:00', overrideReason: '已知缺资料' });
    r = sign(r, { ...base, content: bigContent, name: '王经理', role: '审核', now: '2026-11-23T11:00:00' });
    r = unseal(r, '王经理', '重做', '2026-11-23T12:00:00');
    const table = recordsToTable(r);
    // the header names the record seal's cell, after each row's content parts, and the unseal seal's after it
    expect(table[0]).toEqual([...RECORD_COLUMNS, SEAL_COLUMN, UNSEAL_SEAL_COLUMN]);
    expect(table[1].length).toBeGreaterThan(RECORD_COLUMNS.length + 2);
    expect(table.flat().every((v) => typeof v === 'number' || v.length <= 32767)).toBe(true);
    expect(tableToRecords(table)).toEqual(r);
    // counts read back as text (Office.js with '@' format) are fine too
    expect(tableToRecords(table.map((row) => row.map(String)))).toEqual(r);
    expect(splitContent('').length).toBe(0);
  });
});

describe('record seal (签核校验)', () => {
  /** Round 1 制表 李四, 审核 王经理, unsealed; round 2 制表 李四: records No. 1–3. */
  const twoRounds = () => {
    let r = sign([], { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    r = sign(r, { ...base, name: '王经理', role: '审核', now: '2026-11-23T11:00:00' });
    r = unseal(r, '王经理', '金额更正', '2026-11-23T12:00:00');
    return sign(r, { ...base, content: content(200), name: '李四', role: '制表', now: '2026-11-23T13:00:00' });
  };

  it('a seal cell typed over: that record has lost its seal, and the next one no longer follows it', () => {
    const r = twoRounds();
    expect(recordProblems(r)).toEqual([]);
    const edited = r.map((x) => (x.seq === 1 ? { ...x, seal: '已核对' } : x));
    expect(recordProblems(edited).map(describeRecordProblem).map((d) => d.zh)).toEqual([
      '第 1 轮「制表」的记录（序号 1）的签核校验已被删除或改动',
      '第 1 轮「审核」的记录（序号 2）之前的记录已被删除或改动',
    ]);
    expect(verify(edited, content(200)).status).toBe('changed');
  });

  it('records signed before seals: a round number missing with the 序号 closed up is a deleted round', () => {
    const r = twoRounds().map(({ seal: _s, ...x }) => x as SignoffRecord);
    expect(recordProblems(r)).toEqual([]);
    // round 1's two rows deleted, 序号 renumbered 3 → 1, 轮次 left at 2
    const gone = [{ ...r[2], seq: 1 }];
    expect(recordProblems(gone).map((p) => describeRecordProblem(p).zh)).toEqual(['第 1 轮的记录已被删除']);
    expect(verify(gone, content(200)).status).toBe('changed');
    expect(verify(r, content(200)).status).toBe('intact');
  });
});

describe('signature block', () => {
  it('finds the last 制表/审核(经理)/日期 row and the slots right of the labels', () => {
    const texts = [
      { row: 3, col: 1, text: '日期' }, // a column header, not a block
      { row: 40, col: 1, text: '制表：' },
      { row: 40, col: 4, text: '审核(经理)：' },
      { row: 40, col: 7, text: '日期：' },
    ];
    expect(findSignatureBlock(texts)).toEqual({ row: 40, preparedBy: { row: 40, col: 2 }, reviewedBy: { row: 40, col: 5 }, date: { row: 40, col: 8 } });
    expect(findSignatureBlock([{ row: 5, col: 1, text: 'Prepared by:' }, { row: 5, col: 3, text: 'Reviewed (manager):' }, { row: 5, col: 5, text: 'Date:' }])?.row).toBe(5);
    expect(findSignatureBlock(texts.slice(0, 2))).toBeNull();
  });

  it('fills names and the date of the latest signature; 2026-11-23 is serial 46349', () => {
    let r = sign([], { ...base, name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    r = sign(r, { ...base, name: '王经理', role: '审核', now: '2026-11-24T08:00:00' });
    expect(blockFill(r)).toEqual({ preparedBy: '李四', reviewedBy: '王经理', date: '2026-11-24' });
    expect(blockFill(unseal(r, '王经理', 'x', 'y'))).toEqual({ preparedBy: '', reviewedBy: '', date: null });
    expect(dateSerial('2026-11-23')).toBe(46349);
    expect(dateSerial('1900-03-01')).toBe(61);
    expect(dateSerial('1970-01-01')).toBe(25569);
  });
});

describe('numbers that differ only beyond 15 significant digits', () => {
  // 14481424.909999998 is what Excel's recalculation of the fee ledger's SUBTOTAL gives where the
  // generator wrote 14481424.91; LibreOffice saves 0.30000000000000004 as 0.3.
  it('verify counts them as unchanged (and says how many), lists only real changes, and 审核 can sign on', () => {
    const signed = sign([], { ...base, content: content(14481424.91), name: '李四', role: '制表', now: '2026-11-23T10:00:00' });
    const recalculated = content(14481424.909999998);
    expect(recalculated.fingerprint).not.toBe(signed[0].fingerprint);
    expect(verify(signed, recalculated)).toMatchObject({ status: 'intact', fingerprint: signed[0].fingerprint, rounded: 1 });
    expect(verify(signed, content(14481424.91))).toMatchObject({ status: 'intact', rounded: 0 });
    const moved = verify(signed, content(14481424.92));
    expect(moved.status).toBe('changed');
    if (moved.status === 'changed') expect(moved.changes.map((c) => c.ref)).toEqual(['B2']);

    const reviewed = sign(signed, { ...base, content: recalculated, name: '王经理', role: '审核', now: '2026-11-23T11:00:00', scope: { sheets: [] } });
    expect(reviewed[1].fingerprint).toBe(signed[0].fingerprint);
    expect(verify(reviewed, recalculated)).toMatchObject({ status: 'intact', rounded: 1 });
    expect(refusal(() => sign(signed, { ...base, content: content(14481424.92), name: '王经理', role: '审核', now: 'x', scope: { sheets: [] } }))).toContain('已被修改');
  });
});
