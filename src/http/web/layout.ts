import { html, type SafeHtml } from '../../html/escape.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
header.site{border-bottom:1px solid #ddd;margin-bottom:1.5rem;padding-bottom:.5rem}header.site a{color:inherit;text-decoration:none;font-weight:600}
.handle{color:#555}.fields dt{font-weight:600}.fields dd{margin:0 0 .5rem 0}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}
.error{padding:1rem;border:1px solid #c33;background:#fff5f5}`;

/** The page frame every server-rendered page shares; all interpolations are escaped by `html`. */
export function page(options: { title: string; siteName: string; body: SafeHtml; head?: SafeHtml; lang?: string }): string {
  return `<!doctype html>\n${html`<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${options.siteName}</title>
<style>${STYLE}</style>
${options.head}
</head>
<body>
<header class="site"><a href="/">${options.siteName}</a></header>
<main>
${options.body}
</main>
</body>
</html>`.value}\n`;
}
