import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/host/fake/fakeExcel';
import { memoryHost } from '../../addin/host/fake/memoryHost';
import { AnjieProvider } from '../../addin/ui/context';
import FeesPanel from '../../addin/ui/panels/FeesPanel';
import { buildFeeSheets } from '../../pipeline/commands/fees';
import { UserError } from '../../pipeline/errors';

/**
 * The fee panel's city list shows each city by the name templates/fees/maintenance-fund.json gives
 * it, in the pane's language: "北京（beijing）" showed the desk the rule file's internal id.
 */
function cityOptions(lang: 'zh' | 'en'): { value: string; text: string }[] {
  const html = renderToString(
    <AnjieProvider host={memoryHost(new FakeExcel())} initialLang={lang}>
      <FeesPanel />
    </AnjieProvider>,
  );
  return [...html.matchAll(/<option[^>]*value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ value: m[1], text: m[2] }));
}

describe('费用: the city dropdown', () => {
  it('names each city in Chinese, or in English on an English pane, without the rule id', () => {
    expect(cityOptions('zh')).toEqual([
      { value: 'beijing', text: '北京' },
      { value: 'shanghai', text: '上海' },
      { value: 'guangzhou', text: '广州' },
    ]);
    expect(cityOptions('en').map((o) => o.text)).toEqual(['Beijing', 'Shanghai', 'Guangzhou']);
  });

  it('anjie fees still tells an unknown --city which ids and names it takes', () => {
    let thrown: unknown;
    try {
      buildFeeSheets([], { city: 'nowhere' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).fix?.zh).toContain('可用城市：北京（beijing）、上海（shanghai）、广州（guangzhou）');
    expect((thrown as UserError).fix?.en).toContain('Known cities: Beijing (beijing), Shanghai (shanghai), Guangzhou (guangzhou)');
  });
});
