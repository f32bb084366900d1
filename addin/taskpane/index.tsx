/* global Office */
import { createRoot } from 'react-dom/client';
import { checkRequirements } from '../excel/requirements';
import { explainError } from '../excel/errors';
import { officeHost } from '../excel/host';
import { App } from '../ui/App';
import { AnjieProvider } from '../ui/context';
import { languageFor } from '../ui/i18n';

/** The task pane inside Excel: waits for Office, checks the requirement sets, renders the pane. */
function start(): void {
  const root = createRoot(document.getElementById('root')!);
  const host = officeHost();
  const lang = languageFor(host.displayLanguage());
  try {
    checkRequirements(host);
  } catch (e) {
    root.render(<p style={{ padding: 12, fontSize: 14 }}>{explainError(e)[lang]}</p>);
    return;
  }
  root.render(
    <AnjieProvider host={host} initialLang={lang}>
      <App />
    </AnjieProvider>,
  );
}

if (typeof Office === 'undefined') {
  document.getElementById('root')!.textContent =
    '未能加载 Office.js：请在 Excel 中打开此任务窗格（npm run preview 可在浏览器中预览）。 / Office.js did not load: open this pane from Excel (npm run preview shows it in a browser).';
} else {
  Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) start();
    else document.getElementById('root')!.textContent = '安杰按揭助手只能在 Excel 中使用。 / Anjie runs in Excel only.';
  });
}
