// The consultant's own Markdown (`report --summary FILE.md`) as HTML, safely: a small subset of Markdown (headings,
// paragraphs, lists, quotes, rules, bold, italic, code, links), every character of the file escaped, raw HTML shown as
// text, and links only to http(s) and mailto addresses. Nothing the file holds can add markup, script or a request.
import { escapeHtml, safeText } from './channels.js';

/** Renders Markdown as an HTML fragment. `# ` headings become h2 (the report's section level), `## ` h3, and so on. */
export function renderMarkdownHtml(markdown: string): string {
  const lines = safeText(markdown, true).replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let index = 0;
  const isBlank = (line: string) => line.trim() === '';
  const startsBlock = (line: string) => /^\s{0,3}(#{1,6}\s|>|[-*+]\s|\d{1,9}[.)]\s|(?:[-*_]\s*){3,}$|```)/.test(line);
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line)) {
      index++;
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + 1);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      index++;
      continue;
    }
    if (/^\s{0,3}(?:[-*_]\s*){3,}$/.test(line)) {
      out.push('<hr>');
      index++;
      continue;
    }
    if (/^\s{0,3}```/.test(line)) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !/^\s{0,3}```/.test(lines[index]!)) code.push(lines[index++]!);
      index++;
      out.push(`<pre><code>${escapeHtml(code.join('\n'), true)}</code></pre>`);
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (index < lines.length && /^\s{0,3}>/.test(lines[index]!)) {
        quoted.push(lines[index++]!.replace(/^\s{0,3}>\s?/, ''));
      }
      out.push(`<blockquote>${renderMarkdownHtml(quoted.join('\n'))}</blockquote>`);
      continue;
    }
    const bullet = /^\s*([-*+]|\d{1,9}[.)])\s+/;
    const first = bullet.exec(line);
    if (first) {
      const ordered = /\d/.test(first[1]!);
      const items: string[] = [];
      while (index < lines.length) {
        const current = lines[index]!;
        const marker = bullet.exec(current);
        if (marker && /\d/.test(marker[1]!) === ordered) {
          items.push(current.slice(marker[0].length));
          index++;
        } else if (!isBlank(current) && !startsBlock(current) && items.length > 0) {
          items[items.length - 1] += ` ${current.trim()}`;
          index++;
        } else if (isBlank(current) && index + 1 < lines.length && bullet.exec(lines[index + 1]!)) index++;
        else break;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((item) => `<li>${inline(item.trim())}</li>`).join('')}</${tag}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && !isBlank(lines[index]!) && (paragraph.length === 0 || !startsBlock(lines[index]!))) {
      paragraph.push(lines[index++]!.trim());
    }
    out.push(`<p>${inline(paragraph.join(' '))}</p>`);
  }
  return out.join('\n');
}

// Inline spans, earliest first: code, links, bold, italic, bare URLs; a backslash escapes the next punctuation.
// One regular expression (a long line: split, its escapes would read worse).
const INLINE =
  /(\\[!-/:-@[-`{-~])|(`+)([\s\S]*?[^`])\2(?!`)|\[([^\]]*)\]\(\s*<?([^\s<>)]*)>?(?:\s+"[^"]*")?\s*\)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__|\*(?=\S)([\s\S]*?\S)\*|(?<![\w])_(?=\S)([\s\S]*?\S)_(?![\w])|<((?:https?:\/\/|mailto:)[^\s<>]+)>|\b(https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]])/g;

function inline(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    out += escapeHtml(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [, escaped, , code, linkText, href, bold, boldUnderscore, italic, italicUnderscore, autolink, bare] = match;
    if (escaped !== undefined) out += escapeHtml(escaped.slice(1));
    else if (code !== undefined) out += `<code>${escapeHtml(code.trim())}</code>`;
    else if (linkText !== undefined) {
      const url = safeLink(href ?? '');
      out += url ? link(url, inline(linkText)) : inline(linkText);
    } else if (bold !== undefined || boldUnderscore !== undefined) {
      out += `<strong>${inline(bold ?? boldUnderscore!)}</strong>`;
    } else if (italic !== undefined || italicUnderscore !== undefined) {
      out += `<em>${inline(italic ?? italicUnderscore!)}</em>`;
    } else {
      const target = autolink ?? bare!;
      const url = safeLink(target);
      out += url ? link(url, escapeHtml(target.replace(/^mailto:/i, ''))) : escapeHtml(target);
    }
  }
  return out + escapeHtml(text.slice(last));
}

/** A link that tells the browser to send nothing along (no referrer, no opener). */
function link(url: string, html: string): string {
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer nofollow">${html}</a>`;
}

/** The link when it is http(s) or mailto, normalised; undefined for anything else (javascript:, data:, relative…). */
export function safeLink(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
