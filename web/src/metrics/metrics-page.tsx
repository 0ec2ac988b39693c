import { useMemo, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { deleteMetricValues, listMetricNames, listMetricValues, resolveMetricName, saveMetrics, type MetricNameSummary, type MetricPoint } from '../api';
import { canEdit, useMe } from '../auth/session';
import { formatDay, formatDayRange, formatNumber, safeTimeZone, todayIn } from '../format';
import { countKey, useI18n } from '../i18n';
import { metricLabel, metricName } from '../insights/changes';
import { rateMetricParam } from '../insights/rate-metric';
import { useInsight } from '../insights/use-insight';
import { Link, navigate, useLocation } from '../router';
import { ConfirmButton } from '../ui/confirm';
import { describeError, ErrorMessage, localizeDetail } from '../ui/error-message';
import { Spinner } from '../ui/spinner';
import { useDocumentTitle } from '../ui/use-document-title';
import {
  cellKey,
  dayOfKey,
  gapDays,
  isBlockPaste,
  isMonth,
  missingDays,
  monthDays,
  monthOf,
  monthTotal,
  parseCellValue,
  parsePastedBlock,
  placeBlock,
  refusedCells,
  sheetColumns,
  shiftMonth,
  type SheetCell,
} from './metric-sheet';

interface Editing {
  name: string;
  day: string;
  draft: string;
  /** What the cell showed when it was opened: left as it was, nothing is written. */
  initial: string;
}

/**
 * 비즈니스 지표: the daily numbers rates are counted against, one month at a time, as a sheet —
 * days down, one column per metric. Operators type a day's number (Enter goes to the next day),
 * paste a block from a spreadsheet, clear a cell to take a number back, add a metric of their own;
 * a day a metric skipped between its first and last number is marked, as the rates leave it out.
 * Viewers see the same sheet, read-only.
 */
export function MetricsPage() {
  const { t, locale, intlLocale } = useI18n();
  useDocumentTitle(t('metrics.title'));
  const { user, workspace } = useMe();
  const editable = canEdit(user.role);
  const today = todayIn(safeTimeZone(workspace.timezone));
  const location = useLocation();
  const monthParam = location.params.get('month');
  const month = isMonth(monthParam) ? monthParam : monthOf(today);
  const allDays = useMemo(() => monthDays(month), [month]);
  const from = allDays[0]!;
  const to = allDays.at(-1)!;

  // Reloaded after every change: the month's numbers and each metric's span (for the gaps).
  const [version, setVersion] = useState(0);
  const sheet = useInsight(
    async (signal) => {
      const [values, names] = await Promise.all([listMetricValues({ from, to }, signal), listMetricNames(signal)]);
      return { values: values.metrics, names: names.metrics, version };
    },
    `${from}|${version}`,
  );
  const [added, setAdded] = useState<string[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [cellErrors, setCellErrors] = useState<Map<string, string>>(new Map());
  const [inFlight, setInFlight] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  /**
   * What this page stored or removed and the server has not answered with yet (null: removed), by
   * cell, each with the load version that will hold it: a cell opened right after a save shows the
   * new number, never the one before it, and leaving it untouched writes nothing back.
   */
  const [overrides, setOverrides] = useState<Map<string, { value: number | null; version: number }>>(new Map());
  const loadedVersion = sheet.data?.version ?? -1;

  const values = useMemo(() => {
    const map = new Map<string, number>();
    for (const p of sheet.data?.values ?? []) map.set(cellKey(p.name, p.day), p.value);
    for (const [key, o] of overrides) {
      if (o.version <= loadedVersion) continue;
      if (o.value === null) map.delete(key);
      else map.set(key, o.value);
    }
    return map;
  }, [sheet.data, overrides, loadedVersion]);
  const spans = useMemo(() => new Map((sheet.data?.names ?? []).map((n) => [n.name, n])), [sheet.data]);
  const columns = useMemo(() => sheetColumns([...spans.keys(), ...(sheet.data?.values ?? []).map((p) => p.name)], added), [spans, sheet.data, added]);
  // Days up to today, and a later day that holds a number (sent for a future date): nothing is hidden.
  const days = useMemo(() => {
    const withNumbers = new Set([...values.keys()].map(dayOfKey));
    return allDays.filter((day) => day <= today || withNumbers.has(day));
  }, [allDays, today, values]);
  const gaps = useMemo(() => {
    const byName = new Map<string, Set<string>>();
    for (const name of columns) {
      const stored = new Set(days.filter((day) => values.has(cellKey(name, day))));
      byName.set(name, gapDays(days, stored, spans.get(name)));
    }
    return byName;
  }, [columns, days, values, spans]);

  const goToMonth = (next: string) => {
    setEditing(null);
    setCellErrors(new Map());
    navigate(`/metrics${next === monthOf(today) ? '' : `?month=${next}`}`, { replace: true });
  };

  /** Puts the keyboard back on a cell's button after its editor closes (else it falls to the page's top). */
  const focusCell = (name: string, day: string) => {
    requestAnimationFrame(() => {
      // data-cell is "name|day" (a metric name holds no |).
      const button = document.querySelector<HTMLButtonElement>(`[data-testid="metrics-cell-edit"][data-cell="${CSS.escape(`${name}|${day}`)}"]`);
      button?.focus();
    });
  };

  // Saves run one after another, in the order they were made, while the operator goes on typing.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  // The version the next reload asks for, counted here (state updates land later than the saves).
  const versionRef = useRef(version);
  const enqueue = (task: () => Promise<void>) => {
    setInFlight((n) => n + 1);
    // A task that throws must not stop the ones queued after it (each reports its own failure).
    queue.current = queue.current
      .then(task)
      .catch(() => undefined)
      .finally(() => setInFlight((n) => n - 1));
  };
  /**
   * Holds cells' new values over what was loaded: until their save answers (Infinity), then until the
   * load that starts after it (the next version) — a load that lands between two queued saves does not
   * take back the later one.
   */
  const remember = (entries: [string, number | null][], until = Number.POSITIVE_INFINITY) => {
    setOverrides((prev) => {
      const next = new Map(prev);
      for (const [key, value] of entries) next.set(key, { value, version: until });
      return next;
    });
  };
  const forget = (keys: string[]) =>
    setOverrides((prev) => {
      const next = new Map(prev);
      for (const key of keys) next.delete(key);
      return next;
    });
  const reload = () => {
    versionRef.current += 1;
    setVersion(versionRef.current);
  };
  const setCellError = (key: string, message: string | null) =>
    setCellErrors((prev) => {
      const next = new Map(prev);
      if (message === null) next.delete(key);
      else next.set(key, message);
      return next;
    });

  /**
   * Stores cells (typed or pasted); each refused cell keeps its reason and the others still land: a
   * number the API refuses (a negative count) refuses its whole call, so the call is sent once more
   * without the cells it named.
   */
  const store = (cells: MetricPoint[], invalid: SheetCell[], dropped = 0) => {
    for (const cell of invalid) setCellError(cellKey(cell.name, cell.day), t('metrics.notANumber', { value: cell.raw }));
    for (const cell of cells) setCellError(cellKey(cell.name, cell.day), null);
    setFailure(null);
    if (!cells.length) {
      if (dropped) setNotice(t('metrics.dropped', { count: formatNumber(dropped, intlLocale) }));
      return;
    }
    remember(cells.map((c) => [cellKey(c.name, c.day), c.value]));
    enqueue(async () => {
      let pending = cells;
      for (let attempt = 0; pending.length && attempt < 2; attempt++) {
        try {
          const result = await saveMetrics(pending);
          const refused = result.errors.map((e) => pending[e.index]).filter((c): c is MetricPoint => !!c);
          for (const e of result.errors) {
            const cell = pending[e.index];
            if (cell) setCellError(cellKey(cell.name, cell.day), localizeDetail(e.message, locale));
          }
          forget(refused.map((c) => cellKey(c.name, c.day)));
          const kept = pending.filter((c) => !refused.includes(c));
          remember(kept.map((c) => [cellKey(c.name, c.day), c.value]), versionRef.current + 1);
          // A column added here is now stored under its name as the server keeps it.
          const sent = pending;
          setAdded((list) => list.filter((name) => !sent.some((c) => c.name === name)));
          const saved = t('metrics.saved', { count: formatNumber(result.upserted, intlLocale) });
          setNotice(dropped ? `${saved} · ${t('metrics.dropped', { count: formatNumber(dropped, intlLocale) })}` : saved);
          reload();
          return;
        } catch (error) {
          const refused = refusedCells(error);
          if (!refused.size) {
            forget(pending.map((c) => cellKey(c.name, c.day)));
            if (pending.length === 1) setCellError(cellKey(pending[0]!.name, pending[0]!.day), describeError(t, locale, error).message);
            else setFailure(error);
            return;
          }
          for (const [index, reason] of refused) {
            const cell = pending[index];
            if (cell) setCellError(cellKey(cell.name, cell.day), localizeDetail(reason, locale));
          }
          forget(pending.filter((_, i) => refused.has(i)).map((c) => cellKey(c.name, c.day)));
          pending = pending.filter((_, i) => !refused.has(i));
        }
      }
      reload();
    });
  };

  /** Removes a metric's numbers on every day, in a range, or on one day (a cleared cell). */
  const remove = (name: string, range?: { from: string; to: string }, onDone?: (ok: boolean) => void) => {
    setFailure(null);
    const oneDay = range && range.from === range.to ? cellKey(name, range.from) : null;
    if (oneDay) {
      remember([[oneDay, null]]);
      setCellError(oneDay, null);
    }
    enqueue(async () => {
      try {
        const { deleted } = await deleteMetricValues(name, range);
        if (oneDay) remember([[oneDay, null]], versionRef.current + 1);
        setNotice(t(countKey('metrics.deleted', deleted), { count: formatNumber(deleted, intlLocale), name: metricName(name, t) }));
        reload();
        onDone?.(true);
      } catch (error) {
        if (oneDay) {
          forget([oneDay]);
          setCellError(oneDay, describeError(t, locale, error).message);
        } else setFailure(error);
        onDone?.(false);
      }
    });
  };

  /**
   * Ends an edit: stores the typed number or removes a cleared one (the save runs behind, the
   * operator goes on); false when what was typed is no number and the cell must stay open. A cell
   * left as it was opened writes nothing.
   */
  const commit = (edit: Editing): boolean => {
    const key = cellKey(edit.name, edit.day);
    if (edit.draft === edit.initial) return true;
    const stored = values.get(key);
    const typed = parseCellValue(edit.draft);
    if (typed.kind === 'invalid') {
      setCellError(key, t('metrics.notANumber', { value: edit.draft }));
      return false;
    }
    if (typed.kind === 'empty') {
      if (stored !== undefined) remove(edit.name, { from: edit.day, to: edit.day });
      return true;
    }
    if (typed.value !== stored) store([{ day: edit.day, name: edit.name, value: typed.value }], []);
    return true;
  };

  const open = (name: string, day: string) => {
    const stored = values.get(cellKey(name, day));
    const shown = stored === undefined ? '' : String(stored);
    setEditing({ name, day, draft: shown, initial: shown });
  };

  /** Moves the edit to another cell after a commit (Enter: the next day; Tab: the next metric). */
  const moving = useRef(false);
  const move = (edit: Editing, rows: number, cols: number) => {
    moving.current = true;
    const ok = commit(edit);
    moving.current = false;
    if (!ok) return;
    const day = days[days.indexOf(edit.day) + rows];
    const name = columns[columns.indexOf(edit.name) + cols];
    if (day && name && day <= today) open(name, day);
    else {
      setEditing(null);
      focusCell(edit.name, edit.day);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>, edit: Editing) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      moving.current = true;
      setEditing(null);
      setCellError(cellKey(edit.name, edit.day), null);
      focusCell(edit.name, edit.day);
      requestAnimationFrame(() => (moving.current = false));
    } else if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      // ↓ and ↑ as in a spreadsheet: save and go to the next or the previous day.
      e.preventDefault();
      move(edit, e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey) ? -1 : 1, 0);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      move(edit, 0, e.shiftKey ? -1 : 1);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>, edit: Editing) => {
    const text = e.clipboardData.getData('text/plain');
    if (!isBlockPaste(text)) return; // one value: typed into the cell as usual
    e.preventDefault();
    const placed = placeBlock(parsePastedBlock(text), edit, days, columns, today);
    const cells: MetricPoint[] = [];
    const invalid: SheetCell[] = [];
    for (const cell of placed.cells) {
      const v = parseCellValue(cell.raw);
      if (v.kind === 'value') cells.push({ day: cell.day, name: cell.name, value: v.value });
      else invalid.push(cell);
    }
    moving.current = true;
    setEditing(null);
    focusCell(edit.name, edit.day);
    requestAnimationFrame(() => (moving.current = false));
    store(cells, invalid, placed.dropped);
  };

  const [newName, setNewName] = useState('');
  const [newNameError, setNewNameError] = useState(false);
  const addColumn = async (event: FormEvent) => {
    event.preventDefault();
    if (!rateMetricParam(newName) && !newName.trim()) {
      setNewNameError(true);
      return;
    }
    // The server says what the name is stored under (주문수 → orders): a Korean name of a built-in
    // metric opens that metric's column, never a second one that would write over it.
    let name: string;
    try {
      name = (await resolveMetricName(newName.trim())).name;
    } catch {
      setNewNameError(true);
      return;
    }
    setNewNameError(false);
    setNewName('');
    if (columns.includes(name)) {
      if (name !== newName.trim()) setNotice(t('metrics.sameAs', { typed: newName.trim(), name: metricName(name, t) }));
    } else setAdded((list) => [...list, name]);
    const day = today >= from && today <= to ? today : from <= today ? to : null;
    if (day) open(name, day);
  };

  const [asking, setAsking] = useState<string | null>(null);
  /** The removal running now (see Coverage `deleting`). */
  const [deleting, setDeleting] = useState<string | null>(null);
  const data = sheet.data;
  const monthLabel = formatDay(from, intlLocale, 'month');

  return (
    <div className="page" data-testid="metrics-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('metrics.title')}</h1>
          <p className="page-subtitle">{t('metrics.subtitle')}</p>
        </div>
      </header>

      <div className="metrics-toolbar">
        <div className="month-nav" role="group" aria-label={t('metrics.month')}>
          <button type="button" className="button button-ghost button-small" onClick={() => goToMonth(shiftMonth(month, -1))} data-testid="metrics-prev" aria-label={t('metrics.prevMonth')}>
            ‹
          </button>
          <span className="month-label" data-testid="metrics-month" data-month={month}>
            {monthLabel}
          </span>
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={() => goToMonth(shiftMonth(month, 1))}
            disabled={month >= monthOf(today)}
            data-testid="metrics-next"
            aria-label={t('metrics.nextMonth')}
          >
            ›
          </button>
          {month !== monthOf(today) && (
            <button type="button" className="button button-ghost button-small" onClick={() => goToMonth(monthOf(today))} data-testid="metrics-this-month">
              {t('metrics.thisMonth')}
            </button>
          )}
        </div>
        {editable && (
          <form className="metrics-add" onSubmit={addColumn}>
            <label className="visually-hidden" htmlFor="metrics-new-name">
              {t('metrics.newName')}
            </label>
            <input
              id="metrics-new-name"
              className="input input-small"
              value={newName}
              placeholder={t('metrics.newNamePlaceholder')}
              onChange={(e) => setNewName(e.target.value)}
              aria-invalid={newNameError}
              aria-describedby={newNameError ? 'metrics-new-name-error' : undefined}
              maxLength={63}
              data-testid="metrics-new-name"
            />
            <button type="submit" className="button button-secondary button-small" data-testid="metrics-add">
              {t('metrics.addColumn')}
            </button>
            {newNameError && (
              <span className="field-error small" id="metrics-new-name-error" role="alert" data-testid="metrics-new-name-error">
                {t('metrics.badName')}
              </span>
            )}
          </form>
        )}
        {/* The Import page is for operators and admins: a viewer would land on "access denied". */}
        {editable && (
          <Link className="small" to="/import#metrics-upload-title" data-testid="metrics-upload-link">
            {t('metrics.uploadFile')}
          </Link>
        )}
      </div>

      {sheet.error !== null && <ErrorMessage error={sheet.error} onRetry={sheet.retry} compact={data !== null} testId="metrics-load-error" />}
      {failure !== null && <ErrorMessage error={failure} testId="metrics-error" />}
      {/* One line of fixed height for progress and the last change's result: the sheet never moves under the pointer. */}
      <p className="small muted metrics-status" role="status" data-testid="metrics-status">
        {(inFlight > 0 || (sheet.loading && data)) && <Spinner label={t(inFlight > 0 ? 'common.saving' : 'common.loading')} />}
        {notice && <span data-testid="metrics-notice">{notice}</span>}
      </p>
      {!data && sheet.loading && <Spinner label={t('common.loading')} />}

      {data && columns.length > 0 && days.length === 0 && (
        <div className="empty-state" data-testid="metrics-future">
          <p className="empty-title">{t('metrics.future')}</p>
        </div>
      )}
      {data && columns.length === 0 && (
        <div className="empty-state" data-testid="metrics-empty">
          <p className="empty-title">{t('metrics.empty')}</p>
          <p className="muted">{t(editable ? 'metrics.emptyHint' : 'metrics.emptyHintViewer')}</p>
        </div>
      )}

      {data && columns.length > 0 && days.length > 0 && (
        <>
          {editable && <p className="hint small">{t('metrics.editHint')}</p>}
          <div className="table-wrap metrics-sheet-wrap">
            <table className="data-table metrics-sheet" data-testid="metrics-sheet" aria-label={t('metrics.sheetLabel', { month: monthLabel })}>
              <thead>
                <tr>
                  <th scope="col">{t('metrics.day')}</th>
                  {columns.map((name) => (
                    <th scope="col" key={name} className="num" data-metric={name}>
                      {metricLabel(name, t)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.map((day) => {
                  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
                  const future = day > today;
                  return (
                    <tr key={day} data-day={day} className={weekday === 0 || weekday === 6 ? 'is-weekend' : undefined}>
                      <th scope="row" className="metrics-day">
                        {formatDay(day, intlLocale, 'weekday')}
                        {day === today && (
                          <span className="badge metrics-today-badge" title={t('metrics.todayPartialHint')} data-testid="metrics-today-partial">
                            {t('metrics.todayPartial')}
                          </span>
                        )}
                      </th>
                      {columns.map((name) => {
                        const key = cellKey(name, day);
                        const value = values.get(key);
                        const gap = gaps.get(name)?.has(day) ?? false;
                        const error = cellErrors.get(key);
                        const label = `${metricLabel(name, t)} · ${formatDay(day, intlLocale, 'long')}`;
                        const shown = value === undefined ? (gap ? t('metrics.gap') : '–') : formatNumber(value, intlLocale);
                        const isEditing = editing?.name === name && editing.day === day;
                        return (
                          <td key={name} className={`num metrics-cell${gap ? ' is-gap' : ''}${error ? ' is-error' : ''}`} data-metric={name} data-testid="metrics-cell" data-value={value ?? ''}>
                            {isEditing ? (
                              <input
                                className="input input-small metrics-input"
                                value={editing.draft}
                                inputMode="decimal"
                                autoFocus
                                aria-label={label}
                                aria-invalid={!!error}
                                aria-describedby={error ? `metrics-cell-error-${name}-${day}` : undefined}
                                onChange={(e) => setEditing({ ...editing, draft: e.target.value })}
                                onKeyDown={(e) => onKeyDown(e, editing)}
                                onPaste={(e) => onPaste(e, editing)}
                                onFocus={(e) => e.currentTarget.select()}
                                onBlur={() => {
                                  // Enter, Tab, Escape and a paste end the edit themselves; a click elsewhere commits here.
                                  if (moving.current) return;
                                  const edit = editing;
                                  if (commit(edit)) setEditing((current) => (current === edit ? null : current));
                                }}
                                data-testid="metrics-input"
                              />
                            ) : editable && (!future || value !== undefined) ? (
                              <button
                                type="button"
                                className="metrics-cell-button"
                                aria-label={`${label}: ${shown}`}
                                onClick={() => open(name, day)}
                                data-testid="metrics-cell-edit"
                                data-cell={`${name}|${day}`}
                              >
                                {shown}
                              </button>
                            ) : (
                              <span className={value === undefined ? 'muted' : undefined}>{future ? '' : shown}</span>
                            )}
                            {error && (
                              <span className="field-error small metrics-cell-error" id={`metrics-cell-error-${name}-${day}`} role="alert" data-testid="metrics-cell-error">
                                {error}
                              </span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr data-testid="metrics-month-total">
                  <th scope="row" className="metrics-day" title={t('metrics.monthTotalHint')}>
                    {t('metrics.monthTotal')}
                  </th>
                  {columns.map((name) => {
                    // Today is not over: left out, as the overview leaves it out (said under the sheet).
                    const mean = spans.get(name)?.aggregation === 'mean';
                    const { total, days: counted } = monthTotal(days, (day) => values.get(cellKey(name, day)), mean, today);
                    return (
                      <td key={name} className="num" data-metric={name} data-value={total ?? ''} data-days={counted}>
                        {total === null ? '' : formatNumber(mean ? Math.round(total) : total, intlLocale)}
                        {total !== null && <span className="muted small"> {t(countKey(mean ? 'metrics.meanOf' : 'metrics.sumOf', counted), { days: counted })}</span>}
                      </td>
                    );
                  })}
                </tr>
              </tfoot>
            </table>
          </div>
          {days.includes(today) && (
            <p className="hint small" data-testid="metrics-today-left-out">
              {t('metrics.todayLeftOut', { day: formatDay(today, intlLocale, 'long') })}
            </p>
          )}
          <Coverage
            names={data.names}
            month={{ from, to }}
            monthValues={data.values}
            editable={editable}
            asking={asking}
            setAsking={setAsking}
            deleting={deleting}
            onDelete={(name, range) => {
              setDeleting(range ? `month:${name}` : `all:${name}`);
              remove(name, range, (ok) => {
                setDeleting(null);
                if (ok) {
                  setAsking(null);
                  // The removed month's button goes with its numbers: the keyboard stays on the sheet.
                  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="metrics-coverage-title"]')?.focus());
                }
              });
            }}
            monthLabel={monthLabel}
            rangeLabel={(a, b) => formatDayRange(a, b, intlLocale)}
          />
        </>
      )}
    </div>
  );
}

/** A column's label as a heading: "orders" → "Orders" (Korean is as it is). */
/** Each stored metric: its days, first and last, the days it skipped, a rate link; removal asks first. */
function Coverage({
  names,
  month,
  monthValues,
  editable,
  asking,
  setAsking,
  deleting,
  onDelete,
  monthLabel,
  rangeLabel,
}: {
  names: MetricNameSummary[];
  month: { from: string; to: string };
  monthValues: MetricPoint[];
  editable: boolean;
  asking: string | null;
  setAsking: (key: string | null) => void;
  /** The removal running now (`month:NAME`, `all:NAME`): its question shows it working, with no way back. */
  deleting: string | null;
  onDelete: (name: string, range?: { from: string; to: string }) => void;
  monthLabel: string;
  rangeLabel: (from: string, to: string) => string;
}) {
  const { t, intlLocale } = useI18n();
  const inMonth = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of monthValues) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
    return counts;
  }, [monthValues]);
  const sorted = sheetColumns(
    names.map((n) => n.name),
    [],
  ).map((name) => names.find((n) => n.name === name)!);
  if (!sorted.length) return null;
  return (
    <section className="card" aria-labelledby="metrics-coverage-title" data-testid="metrics-coverage">
      <h2 className="section-title" id="metrics-coverage-title" tabIndex={-1} data-testid="metrics-coverage-title">
        {t('metrics.coverage')}
      </h2>
      <p className="hint small">{t('metrics.coverageHint')}</p>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('metrics.metric')}</th>
              <th scope="col" className="num">
                {t('metrics.storedDays')}
              </th>
              <th scope="col">{t('metrics.span')}</th>
              <th scope="col" className="num">
                {t('metrics.missing')}
              </th>
              <th scope="col">{t('metrics.counted')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('metrics.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((m) => {
              const missing = missingDays(m);
              const monthCount = inMonth.get(m.name) ?? 0;
              return (
                <tr key={m.name} data-testid="metrics-coverage-row" data-metric={m.name}>
                  <th scope="row">{metricLabel(m.name, t)}</th>
                  <td className="num">{formatNumber(m.days, intlLocale)}</td>
                  <td>{rangeLabel(m.first_day, m.last_day)}</td>
                  <td className={`num${missing ? ' text-warning' : ''}`} data-testid="metrics-missing">
                    {formatNumber(missing, intlLocale)}
                  </td>
                  <td>{t(m.aggregation === 'mean' ? 'metrics.mean' : 'metrics.sum')}</td>
                  <td className="metrics-actions">
                    <Link className="small" to={`/overview?metric=${encodeURIComponent(m.name)}`}>
                      {t('metrics.seeRate')}
                    </Link>
                    {editable && monthCount > 0 && (
                      <ConfirmButton
                        asking={asking === `month:${m.name}`}
                        label={t('metrics.deleteMonth')}
                        confirmLabel={t('metrics.deleteConfirm')}
                        question={t(countKey('metrics.deleteMonthQuestion', monthCount), { name: metricName(m.name, t), month: monthLabel, count: formatNumber(monthCount, intlLocale) })}
                        onAsk={() => setAsking(`month:${m.name}`)}
                        onCancel={() => setAsking(null)}
                        onConfirm={() => onDelete(m.name, month)}
                        working={deleting === `month:${m.name}`}
                        testId="metrics-delete-month"
                      />
                    )}
                    {editable && (
                      <ConfirmButton
                        asking={asking === `all:${m.name}`}
                        label={t('metrics.deleteAll')}
                        confirmLabel={t('metrics.deleteConfirm')}
                        question={t(countKey('metrics.deleteAllQuestion', m.days), { name: metricName(m.name, t), count: formatNumber(m.days, intlLocale) })}
                        onAsk={() => setAsking(`all:${m.name}`)}
                        onCancel={() => setAsking(null)}
                        onConfirm={() => onDelete(m.name)}
                        working={deleting === `all:${m.name}`}
                        testId="metrics-delete-all"
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
