/**
 * Fills `{{name}}` placeholders, as i18next does, for text the host renders itself from the locale files
 * (cards drawn as an OBS scene, import messages in the API). A missing parameter stays visible.
 */
export function fillTemplate(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
