// A short message under the terminals (e.g. the browser refused the
// clipboard), announced politely to screen readers and gone after a while.
// The live region stays in the page and is only emptied: one that appears
// together with its text is not announced by every screen reader.
const SHOWN_MS = 8000;

export function noticeIn(element: HTMLElement): (message: string) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (message) => {
    clearTimeout(timer);
    element.textContent = message;
    timer = setTimeout(() => { element.textContent = ''; }, SHOWN_MS);
  };
}
