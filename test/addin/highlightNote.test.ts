import { describe, expect, it } from 'vitest';
import { sectionMark, withSection, withoutSection } from '../../addin/excel/highlightNote';

describe('a highlighted cell’s note', () => {
  const own = '客户说下周补材料\n（王经理 11-20）';

  it('adds its messages after the person’s own note and takes exactly them away again', () => {
    const marked = withSection(own, 'register', ['身份证号校验位不对', '贷款金额为空']);
    expect(marked).toBe(`${own}\n\n${sectionMark('register')}身份证号校验位不对\n贷款金额为空`);
    expect(withoutSection(marked, 'register')).toBe(own);
  });

  it('gives back a person’s note byte for byte, blank lines and trailing line breaks included', () => {
    for (const text of ['a', 'a\n', 'a\n\n', '\n\na', ' 【备注】 x ', '第一行\r\n第二行']) {
      expect(withoutSection(withSection(text, 'titleSearch', ['m']), 'titleSearch')).toBe(text);
    }
  });

  it('keeps each validation’s messages apart: clearing one leaves the other’s', () => {
    const both = withSection(withSection(own, 'register', ['台账问题']), 'titleSearch', ['查册问题']);
    const noRegister = withoutSection(both, 'register')!;
    expect(noRegister).toBe(`${own}\n\n${sectionMark('titleSearch')}查册问题`);
    expect(withoutSection(noRegister, 'titleSearch')).toBe(own);
    // and in the other order
    expect(withoutSection(withoutSection(both, 'titleSearch')!, 'register')).toBe(own);
  });

  it('replaces its own earlier messages instead of piling them up', () => {
    const again = withSection(withSection(null, 'register', ['旧']), 'register', ['新']);
    expect(again).toBe(`${sectionMark('register')}新`);
  });

  it('says to delete the note when nothing but its messages was there, and leaves other notes as they are', () => {
    expect(withoutSection(withSection(null, 'register', ['x']), 'register')).toBeNull();
    expect(withoutSection(own, 'register')).toBe(own);
    // A note from an older version ("【Anjie】" and messages) is removed by either validation.
    expect(withoutSection('【Anjie】旧的提示', 'titleSearch')).toBeNull();
  });
});
