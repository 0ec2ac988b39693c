import { useEffect } from 'react';

/** Sets the browser tab title to "page · Sori" while the page is shown. */
export function useDocumentTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} · Sori` : 'Sori';
  }, [pageTitle]);
}
