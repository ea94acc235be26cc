/**
 * Copies text, resolving whether it worked. The Clipboard API exists only in secure contexts; a
 * village server on a LAN address over plain http is not one, so there the older selection-based
 * copy of `field` (the input showing the text) is used instead.
 */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
    else {
      field?.select();
      if (!document.execCommand('copy')) return false;
    }
    return true;
  } catch {
    return false;
  }
}
