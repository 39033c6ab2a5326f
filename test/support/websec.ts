import type request from 'supertest';

import { SESSION_COOKIE } from '../../src/auth/http-session';

/** A Content-Security-Policy header as directives and their sources (names lower-cased). */
export function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // The first of a repeated directive is the one browsers apply.
    if (name && !directives.has(name.toLowerCase())) {
      directives.set(name.toLowerCase(), sources);
    }
  }
  return directives;
}

const UNSAFE_SCRIPT_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'];

/**
 * What is wrong with a response's security headers, one line per problem
 * (empty when all is well). Every response gets the same policy, whatever
 * made it: a page, the API, an error, a file or a static asset.
 */
export function securityHeaderProblems(response: request.Response): string[] {
  const problems: string[] = [];
  const header = response.headers as Record<string, string | undefined>;
  const csp = header['content-security-policy'];
  if (!csp) {
    problems.push('no Content-Security-Policy');
  } else {
    const policy = parseCsp(csp);
    // Without script-src, default-src governs scripts.
    const scripts = policy.get('script-src') ?? policy.get('default-src');
    if (!scripts) {
      problems.push('CSP restricts no scripts');
    } else {
      for (const unsafe of UNSAFE_SCRIPT_SOURCES.filter((source) => scripts.includes(source))) {
        problems.push(`CSP script sources include ${unsafe}`);
      }
    }
    const exactly = (name: string, sources: string[]) => {
      if (policy.get(name)?.join(' ') !== sources.join(' ')) {
        problems.push(`CSP ${name} is ${policy.get(name)?.join(' ') ?? 'missing'}`);
      }
    };
    exactly('frame-ancestors', ["'none'"]);
    exactly('object-src', ["'none'"]);
    exactly('form-action', ["'self'"]);
    const base = policy.get('base-uri');
    if (!base || !(base.join(' ') === "'self'" || base.join(' ') === "'none'")) {
      problems.push(`CSP base-uri is ${base?.join(' ') ?? 'missing'}`);
    }
  }
  const hsts = /max-age=(\d+)/.exec(header['strict-transport-security'] ?? '');
  if (!hsts || Number(hsts[1]) < 31_536_000) {
    problems.push(`HSTS is ${header['strict-transport-security'] ?? 'missing'}`);
  }
  if (header['x-content-type-options'] !== 'nosniff') {
    problems.push(`X-Content-Type-Options is ${header['x-content-type-options'] ?? 'missing'}`);
  }
  const referrer = header['referrer-policy'];
  if (!referrer || /unsafe-url|no-referrer-when-downgrade/.test(referrer)) {
    problems.push(`Referrer-Policy is ${referrer ?? 'missing'}`);
  }
  if (header['x-powered-by'] !== undefined) {
    problems.push(`X-Powered-By: ${header['x-powered-by']}`);
  }
  return problems;
}

/** One start tag: its name and attributes (names lower-cased, values as written). */
interface Tag {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Where the tag ends in the document, to read a script element's content. */
  readonly end: number;
}

const TAG =
  /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function startTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(TAG)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      attributes.set(
        (attribute[1] ?? '').toLowerCase(),
        attribute[2] ?? attribute[3] ?? attribute[4] ?? '',
      );
    }
    tags.push({
      name: (match[1] ?? '').toLowerCase(),
      attributes,
      end: (match.index ?? 0) + match[0].length,
    });
  }
  return tags;
}

/**
 * What in a rendered page the CSP would block, or would let run if the CSP
 * were ever loosened: inline script elements, event-handler attributes,
 * `javascript:` URLs, inline styles (style-src has no 'unsafe-inline' either).
 */
export function inlineCodeProblems(html: string): string[] {
  const problems: string[] = [];
  for (const tag of startTags(html)) {
    if (tag.name === 'script') {
      const content = html.slice(tag.end, html.indexOf('</script', tag.end)).trim();
      if (!tag.attributes.has('src') || content !== '') {
        problems.push(`inline <script>${content.slice(0, 40)}`);
      }
    }
    if (tag.name === 'style') {
      problems.push('inline <style>');
    }
    for (const [name, value] of tag.attributes) {
      if (name.startsWith('on')) {
        problems.push(`<${tag.name} ${name}=…>`);
      }
      if (name === 'style') {
        problems.push(`<${tag.name} style=…>`);
      }
      if (
        ['href', 'src', 'action', 'formaction'].includes(name) &&
        /^\s*javascript:/i.test(value)
      ) {
        problems.push(`<${tag.name} ${name}="javascript:…">`);
      }
    }
  }
  return problems;
}

/** Same-site links a page offers (anchors, images, stylesheets, scripts), as paths. */
export function linksOf(html: string): string[] {
  const links: string[] = [];
  for (const tag of startTags(html)) {
    const target =
      tag.name === 'a' || tag.name === 'link'
        ? tag.attributes.get('href')
        : tag.name === 'img' || tag.name === 'script'
          ? tag.attributes.get('src')
          : undefined;
    if (target && target.startsWith('/') && !target.startsWith('//')) {
      links.push(target.replaceAll('&amp;', '&').split('#')[0] ?? target);
    }
  }
  return links;
}

/** The session cookie a response sets, as its Set-Cookie line. */
export function sessionCookieOf(response: request.Response): string | undefined {
  const cookies = response.headers['set-cookie'] as unknown as string[] | undefined;
  return cookies?.find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
}

/** `iup.sid=…` of a Set-Cookie line, for a Cookie header. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0] ?? '';
}

/** The session id inside a signed session cookie (`s:<id>.<signature>`). */
export function sessionIdOf(setCookie: string): string {
  const value = decodeURIComponent(cookiePair(setCookie).slice(SESSION_COOKIE.length + 1));
  return value.replace(/^s:/, '').split('.')[0] ?? '';
}

/** The Express path a concrete path matches (`/elever/:pupilId` for `/elever/123…`). */
export function routePattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}
