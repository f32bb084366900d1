import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useAnjie } from '../context';
import { t } from '../i18n';

/**
 * 签核 Sign-off — the place left for the sign-off work (issue 8). Replace this component (keep
 * the default export). useAnjie() gives the Excel host, the language, `run` for long operations
 * (progress, cancel, plain-words errors) and `issues` from the last register validation.
 */
export default function SignoffPanel() {
  const { lang } = useAnjie();
  return (
    <div data-testid="panel-signoff">
      <MessageBar intent="info">
        <MessageBarBody>{t(lang, 'signoffPlaceholder')}</MessageBarBody>
      </MessageBar>
    </div>
  );
}
