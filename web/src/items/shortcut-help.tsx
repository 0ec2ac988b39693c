import { useI18n, type MessageKey } from '../i18n';

/** The keys of the list (`table`) and of the open item's panel (`panel`), each with what it does. */
const SHORTCUTS: Record<'table' | 'panel', { keys: string[]; what: MessageKey }[]> = {
  table: [
    { keys: ['j', 'k', '↓', '↑'], what: 'keys.move' },
    { keys: ['Home', 'End'], what: 'keys.firstLast' },
    { keys: ['Enter'], what: 'keys.open' },
    { keys: ['Space', 'x'], what: 'keys.pick' },
    { keys: ['?'], what: 'keys.help' },
  ],
  panel: [
    { keys: ['j', 'k', '↓', '↑'], what: 'keys.panelMove' },
    { keys: ['Esc'], what: 'keys.close' },
    { keys: ['?'], what: 'keys.help' },
  ],
};

/** The list of keyboard shortcuts, for the list page or for the open item's panel. */
export function ShortcutList({ scope, id }: { scope: 'table' | 'panel'; id?: string }) {
  const { t } = useI18n();
  return (
    <div className="shortcut-list" id={id} data-testid={`shortcuts-${scope}`}>
      <dl>
        {SHORTCUTS[scope].map((row) => (
          <div className="shortcut-row" key={row.what}>
            <dt>
              {row.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{t(row.what)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t('keys.typingNote')}</p>
    </div>
  );
}
