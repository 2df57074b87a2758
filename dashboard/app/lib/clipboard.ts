/**
 * Puts `text` on the clipboard. The Clipboard API only exists on secure pages (https or
 * localhost); a dashboard served over plain http on a LAN address falls back to the older copy
 * command on a hidden field. False when neither worked: the caller says "copy it by hand".
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    if (globalThis.navigator?.clipboard && globalThis.isSecureContext !== false) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, page not focused): try the old way.
  }
  const field = doc.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.opacity = "0";
  doc.body.appendChild(field);
  field.select();
  try {
    return doc.execCommand?.("copy") === true;
  } catch {
    return false;
  } finally {
    field.remove();
  }
}
