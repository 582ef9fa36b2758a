// Builds the Inside pane's cards from one reading: the sandbox first, then a
// card per container, each with its namespaces, cgroup, overlay and network.
import { t, pageLocale } from '../../i18n/ui.ts';
import type { CgroupView, ContainerView, Internals, InterfaceView, NamespaceView } from './internals-api.ts';

const say = (key: string, values?: Record<string, string | number>) => t(pageLocale(), key, values);

function size(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function section(title: string, ...children: Node[]): HTMLElement {
  const part = element('section', 'inside-part');
  part.append(element('h4', 'inside-part-title', title), ...children);
  return part;
}

function namespaces(list: NamespaceView[], sharedWith: 'host' | 'sandbox'): HTMLElement {
  const items = element('ul', 'inside-namespaces');
  for (const ns of list) {
    const item = element('li', 'inside-namespace');
    item.dataset.kind = ns.kind;
    item.dataset.shared = String(ns.shared);
    item.append(element('code', 'inside-namespace-kind', ns.kind), element('span', 'inside-namespace-id', ns.id),
      element('span', 'inside-namespace-sharing', ns.shared ? say(`inside.namespace.shared-${sharedWith}`) : say('inside.namespace.own')));
    items.append(item);
  }
  return section(say('inside.namespaces'), items);
}

function meter(text: string, used: number | null, limit: number | null): HTMLElement {
  const row = element('div', 'inside-meter');
  row.append(element('span', 'inside-meter-text', text));
  if (used !== null && limit) {
    const bar = element('progress', 'inside-meter-bar');
    bar.max = limit;
    bar.value = Math.min(used, limit);
    bar.setAttribute('aria-label', text);
    row.append(bar);
  }
  return row;
}

function cgroup(view: CgroupView): HTMLElement {
  const { memory, processes, cpus } = view;
  const used = size(memory.usedBytes ?? 0);
  return section(say('inside.cgroup'),
    meter(memory.limitBytes === null ? say('inside.memory.unlimited', { used }) : say('inside.memory', { used, limit: size(memory.limitBytes) }), memory.usedBytes, memory.limitBytes),
    meter(processes.limit === null ? say('inside.processes.unlimited', { count: processes.count ?? 0 }) : say('inside.processes', { count: processes.count ?? 0, limit: processes.limit }), processes.count, processes.limit),
    element('p', 'inside-line', cpus === null ? say('inside.cpus.unlimited') : say('inside.cpus', { cpus: Number(cpus.toFixed(2)) })),
    element('code', 'inside-path', view.path));
}

function interfaces(list: InterfaceView[]): HTMLElement {
  const items = element('ul', 'inside-interfaces');
  for (const link of list) {
    const item = element('li', 'inside-interface');
    item.dataset.name = link.name;
    const notes = [link.kind, link.bridge ? say('inside.interface.bridge', { bridge: link.bridge }) : '', link.up ? '' : say('inside.interface.down')].filter(Boolean);
    item.append(element('code', 'inside-interface-name', link.name), element('span', 'inside-interface-kind', notes.join(' · ')),
      element('span', 'inside-interface-addresses', link.addresses.join(', ') || say('inside.interface.no-address')));
    items.append(item);
  }
  return section(say('inside.interfaces'), items);
}

function overlay(container: ContainerView): HTMLElement {
  const view = container.overlay;
  if (!view) return section(say('inside.overlay'), element('p', 'inside-line', say('inside.overlay.none')));
  return section(say('inside.overlay'),
    element('p', 'inside-line', say('inside.overlay.layers', { count: view.lowerLayers.length })),
    element('p', 'inside-line', say('inside.overlay.upper', { size: view.upperBytes === null ? '…' : size(view.upperBytes) })),
    element('code', 'inside-path', view.upper));
}

function card(title: string, meta: string | null, ...parts: HTMLElement[]): HTMLElement {
  const box = element('article', 'inside-card');
  const head = element('header', 'inside-card-head');
  head.append(element('h3', 'inside-card-title', title));
  if (meta) head.append(element('span', 'inside-card-meta', meta));
  box.append(head, ...parts);
  return box;
}

export function renderInternals(reading: Internals): HTMLElement[] {
  const sandbox = card(say('inside.sandbox'), null, namespaces(reading.namespaces, 'host'), cgroup(reading.cgroup), interfaces(reading.interfaces));
  sandbox.dataset.sandbox = '';
  const containers = reading.containers.map((c) => {
    const box = card(say('inside.container', { name: c.name, image: c.image }), say('inside.container.meta', { pid: c.pid, id: c.id }),
      namespaces(c.namespaces, 'sandbox'), cgroup(c.cgroup), overlay(c), interfaces(c.interfaces));
    box.dataset.container = c.name;
    return box;
  });
  const more = reading.containersNotShown ? [element('p', 'inside-note', say('inside.more', { count: reading.containersNotShown }))] : [];
  return [sandbox, ...(containers.length ? containers : [element('p', 'inside-note', say('inside.no-containers'))]), ...more];
}
