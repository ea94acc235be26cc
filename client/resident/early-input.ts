/**
 * The intake shell paints the form's title field before the script arrives (scripts/lib/
 * resident-shells.ts), so on a weak signal a resident can start typing at once. When the page
 * takes over it reads what they typed, whether they were typing, and where the caret was, then
 * clears the placeholder; the form starts from that and puts the caret back.
 */
export interface EarlyInput {
  title: string;
  focused: boolean;
  caret: number | null;
}

export function takeEarlyInput(host: HTMLElement): EarlyInput | null {
  const field = host.querySelector<HTMLInputElement>('input[data-early]');
  const early = field
    ? { title: field.value, focused: document.activeElement === field, caret: field.selectionStart }
    : null;
  // Not rendered once the shadow root is there, but tests and assistive tools may still find it.
  while (host.firstChild) host.removeChild(host.firstChild);
  return early;
}
