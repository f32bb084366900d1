import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { sampleRegister } from '../../addin/host/fake/sampleRegister';

type Row = (string | number | null)[];

/**
 * The sample register of 滨江花园 and the same units again as 翠湖湾 (same building/unit/room
 * codes, their own contracts): two projects whose unit codes collide.
 */
export function twoProjects(units = 12) {
  const sample = sampleRegister({ units, asOf: '2026-11-23' });
  const col = (h: string) => {
    const i = sample.headers.indexOf(h);
    if (i < 0) throw new Error(`no column ${h}`);
    return i;
  };
  const second = sample.rows.map((r, i) => {
    const row = [...r];
    row[col('项目')] = '翠湖湾';
    row[col('合同编号')] = `CHW-${String(i + 1).padStart(5, '0')}`;
    row[col('备案号')] = `CH${String(i + 1).padStart(6, '0')}`;
    return row;
  });
  return { headers: sample.headers, first: sample.rows, second, col };
}

export function registerWorkbook(headers: string[], rows: Row[]) {
  const fake = new FakeExcel();
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [headers, ...rows]);
  return { fake, host: memoryHost(fake) };
}

export function setRegister(fake: FakeExcel, headers: string[], rows: Row[]): void {
  fake.sheet('按揭台账').rows = [];
  fake.seed('按揭台账', { row: 0, col: 0 }, [headers, ...rows]);
}
