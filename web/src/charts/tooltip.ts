import { escapeHtml } from '../format';

/**
 * ECharts renders tooltips as HTML. Topic names, channel keys and the like come from users, so
 * every tooltip is built here from plain strings, each one escaped.
 */

export interface TooltipRow {
  /** A #rgb / #rrggbb swatch; anything else is dropped. */
  color?: string;
  label: string;
  value: string;
  /** Bold row (the hovered line). */
  strong?: boolean;
}

const HEX_COLOR = /^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i;

/** A tooltip's HTML: a title, rows of label and value with colour swatches, an optional footer. */
export function tooltipHtml(title: string, rows: readonly TooltipRow[], footer?: string): string {
  const body = rows
    .map((row) => {
      const swatch = row.color && HEX_COLOR.test(row.color) ? `<span class="tt-swatch" style="background:${row.color}"></span>` : '';
      return `<div class="tt-row${row.strong ? ' tt-strong' : ''}">${swatch}<span class="tt-label">${escapeHtml(row.label)}</span><span class="tt-value">${escapeHtml(row.value)}</span></div>`;
    })
    .join('');
  const foot = footer ? `<div class="tt-footer">${escapeHtml(footer)}</div>` : '';
  return `<div class="tt"><div class="tt-title">${escapeHtml(title)}</div>${body}${foot}</div>`;
}
