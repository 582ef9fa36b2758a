// The class pages are one page each, told apart by their query (?class=…,
// ?code=…): switching language must keep it, or the instructor lands on the
// list of classes and the learner loses the code they were given.
export function keepQueryOnLocaleSwitch(): void {
  const link = document.querySelector<HTMLAnchorElement>('header a[hreflang]');
  if (link && location.search) link.search = location.search;
}
