import { createRoot } from 'react-dom/client';
import { FakeExcel } from '../host/fake/fakeExcel';
import { memoryHost } from '../host/fake/memoryHost';
import { sampleRegister } from '../host/fake/sampleRegister';
import { App } from '../ui/App';
import { AnjieProvider, useAnjie } from '../ui/context';
import { languageFor } from '../ui/i18n';
import { WorkbookView } from './WorkbookView';

/**
 * The task pane in a normal browser, against an in-memory workbook. ?empty=1 starts with an
 * empty workbook (to create a register); otherwise a sample register of ?units=N (default 60)
 * units; ?lang=en-US for English Office, ?api=1.8 for an older Excel. The browser test drives it
 * and reads the workbook through window.__anjie.
 */
const params = new URLSearchParams(location.search);
const fake = new FakeExcel({ displayLanguage: params.get('lang') ?? 'zh-CN', excelApi: params.get('api') ?? undefined });
if (!params.get('empty')) {
  const sample = sampleRegister({ units: Number(params.get('units') ?? 60), badRows: true, collectFeesFor: 'beijing' });
  fake.state.sheets[0].name = '按揭台账';
  fake.seed('按揭台账', { row: 0, col: 0 }, [sample.headers, ...sample.rows]);
}
const host = memoryHost(fake);
(window as unknown as { __anjie: unknown }).__anjie = { fake, host };

function Preview() {
  const a = useAnjie();
  return (
    <div style={{ display: 'flex', height: '100vh' }}>
      <div style={{ width: 360, flex: '0 0 360px', borderRight: '1px solid #ccc', overflow: 'auto' }} data-testid="pane">
        <App />
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <WorkbookView fake={fake} revision={a.revision} />
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <AnjieProvider host={host} initialLang={languageFor(host.displayLanguage())}>
    <Preview />
  </AnjieProvider>,
);
