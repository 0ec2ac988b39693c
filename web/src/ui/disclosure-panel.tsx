import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A button beside a page's controls that opens a card under it (이벤트, 저장된 보기): the button says
 * whether it is open (aria-expanded) and which panel it opens; the card is named by its title. The
 * parent keeps `open`, so a choice inside the card can close it. Escape inside it closes it and puts
 * the focus back on the button; closing keeps what was typed in it (a click elsewhere does not close
 * it). Test ids: `<testId>` on the wrapper, `-toggle` and `-panel`; the title's element id is `<testId>-title`.
 */
export function DisclosurePanel({
  open,
  onOpenChange,
  label,
  title,
  hint,
  actions,
  testId,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What the button says (it may name the current choice). */
  label: ReactNode;
  title: ReactNode;
  hint: ReactNode;
  /** Buttons at the card's top right, if any. */
  actions?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  const toggle = useRef<HTMLButtonElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    onOpenChange(false);
    toggle.current?.focus();
  };
  return (
    <div className="events-control" data-testid={testId} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="button button-ghost button-small"
        aria-expanded={open}
        aria-controls={`${testId}-panel`}
        onClick={() => onOpenChange(!open)}
        data-testid={`${testId}-toggle`}
      >
        {label}
      </button>
      {/* Hidden, not removed, when closed: a half-typed form is still there when it opens again. tabIndex -1:
          a click on its text keeps the focus inside, so Escape still closes it. */}
      <section className="card" id={`${testId}-panel`} aria-labelledby={`${testId}-title`} data-testid={`${testId}-panel`} hidden={!open} tabIndex={-1} style={{ marginTop: 8 }}>
        <div className="card-header">
          <div>
            <h2 className="section-title" id={`${testId}-title`}>
              {title}
            </h2>
            <p className="muted small">{hint}</p>
          </div>
          {actions && <div className="card-actions">{actions}</div>}
        </div>
        {children}
      </section>
    </div>
  );
}
