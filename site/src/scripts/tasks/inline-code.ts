// Exercise texts mark commands with `backticks`, as in Markdown. They are
// shown as <code>, built from text nodes so nothing in them is ever HTML.

export function withInlineCode(text: string): Node[] {
  return text.split(/`([^`]+)`/).map((part, index) => {
    if (index % 2 === 0) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}
