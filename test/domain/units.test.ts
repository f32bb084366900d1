import { describe, expect, it } from 'vitest';
import { findUnitCode, normaliseName, normaliseUnitCode, parseUnitCode } from '../../domain/units';
import { unitKeyOf } from '../../domain/registerValidation/parse';

describe('unit codes normalise to one key', () => {
  it.each([
    ['3栋2单元1501', '3-2-1501'],
    ['3-2-1501', '3-2-1501'],
    ['3#2-1501', '3-2-1501'],
    ['3#楼2单元1501', '3-2-1501'],
    ['3幢2单元1501室', '3-2-1501'],
    ['3号楼2单元1501', '3-2-1501'],
    ['3座2单元1501号', '3-2-1501'],
    ['3栋2-1501', '3-2-1501'],
    ['３栋２单元１５０１', '3-2-1501'],
    ['３－２－１５０１', '3-2-1501'],
    ['３＃２－１５０１', '3-2-1501'],
    [' 3 栋 2 单元 1501 ', '3-2-1501'],
    ['03栋02单元1501', '3-2-1501'],
    ['3栋1501', '3-1501'],
    ['3#1501', '3-1501'],
    ['3-1501', '3-1501'],
    ['A栋2单元1501', 'A-2-1501'],
    ['a栋2单元1501', 'A-2-1501'],
    ['Ａ座３单元０８０２室', 'A-3-802'],
    ['12B#1-0201', '12B-1-201'],
    ['15栋1单元301', '15-1-301'],
  ])('%j → %s', (text, key) => {
    expect(normaliseUnitCode(text)).toBe(key);
  });

  it.each(['', '张三', '1501', '3栋2单元', '2026-11-03', '3-2-15', '1234-2-1501', '3栋2单元1501张三'])('%j is not a unit code', (text) => {
    expect(normaliseUnitCode(text)).toBeNull();
  });

  it('parses into building, unit and room', () => {
    expect(parseUnitCode('3幢2单元1501室')).toEqual({ building: '3', unit: '2', room: '1501' });
    expect(parseUnitCode('3栋1501')).toEqual({ building: '3', unit: null, room: '1501' });
  });
});

describe('findUnitCode in free text (摘要, 辅助核算)', () => {
  it.each([
    ['收3栋2单元1501张三按揭款', '3-2-1501'],
    ['3-2-1501 张三 商贷放款', '3-2-1501'],
    ['客户:张三;房号:3-2-1501', '3-2-1501'],
    ['收A座3单元0802室李四首付', 'A-3-802'],
    ['公积金放款 ３＃２－１５０１ 王五', '3-2-1501'],
    ['个贷放款/12栋1单元301/赵六', '12-1-301'],
  ])('%j → %s', (text, key) => {
    expect(findUnitCode(text)).toBe(key);
  });

  it.each([
    '电话138-1234-5678',
    '2026-11-03 放款',
    '账号6222021234567890123',
    'ATM取款',
    '利息 2026Q4',
    '转账 12 3456',
  ])('%j has no unit code', (text) => {
    expect(findUnitCode(text)).toBeNull();
  });
});

describe('normaliseName', () => {
  it.each([
    [' 张三 ', '张三'],
    ['张　三', '张三'], // full-width space
    ['张\t三', '张三'],
    ['阿卜杜・热合曼', '阿卜杜·热合曼'],
    ['阿卜杜•热合曼', '阿卜杜·热合曼'],
    ['ｊｏｈｎ smith', 'JOHNSMITH'],
    ['张三（先生）', '张三(先生)'], // decorations are kept, only folded
  ])('%j → %j', (text, name) => {
    expect(normaliseName(text)).toBe(name);
  });
});

describe('a register row written in building, unit and room columns gets the same key as a memo', () => {
  it.each(['3', '3栋', '3幢', '3座', '3号', '3号楼', '3#', '3#楼', '3＃楼', '3栋楼', '3 号楼', '３号楼'])('building %j, unit 2, room 1501 → 3-2-1501', (building) => {
    expect(unitKeyOf(building, '2', '1501', '')).toBe('3-2-1501');
    expect(unitKeyOf(building, '2单元', '1501室', '')).toBe(normaliseUnitCode('3栋2单元1501'));
    expect(unitKeyOf(building, null, '1501', '')).toBe('3-1501');
  });
});
