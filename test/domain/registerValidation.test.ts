import { describe, expect, it } from 'vitest';
import { issuesOf } from './registerRows';

describe('register validation: buyers’ ID numbers', () => {
  it('a clean row has no issues', () => {
    expect(issuesOf([{}])).toEqual([]);
  });

  it('a legacy 15-digit ID number is a warning at its cell, masked, not passed silently', () => {
    expect(issuesOf([{ buyer1IdNumber: '110105491231002' }])).toEqual([
      'warning ID_LEGACY K2: 身份证号 110105*****1002：15 位旧身份证号，没有校验位，请核对或换用 18 位号码',
    ]);
  });
});
