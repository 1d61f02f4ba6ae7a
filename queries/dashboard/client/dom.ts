type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (on* as listeners) and children; the app's only DOM builder. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled <select>; `name` doubles as the test hook (data-field). */
export function select(name: string, label: string, options: readonly Option[], value: string, onChange: (value: string) => void): HTMLElement {
  const control = h("select", { "data-field": name, onchange: (event: Event) => onChange((event.target as HTMLSelectElement).value) });
  for (const option of options) control.append(h("option", { value: option.value, selected: option.value === value }, option.label));
  return h("label", { class: "field" }, h("span", {}, label), control);
}

export function input(name: string, label: string, type: string, value: string, onChange: (value: string) => void): HTMLElement {
  const control = h("input", { "data-field": name, type, value, onchange: (event: Event) => onChange((event.target as HTMLInputElement).value) });
  return h("label", { class: "field" }, h("span", {}, label), control);
}

export function errorBox(message: string): HTMLElement {
  return h("div", { class: "error", role: "alert" }, message);
}
