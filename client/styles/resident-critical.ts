/**
 * The residents' document-level styles, inlined into their HTML shells (scripts/build-client.ts)
 * so the first paint needs no second round trip on a 400 ms connection. The CSP admits exactly
 * this block by its hash (server/http/static.ts), never inline styles in general. Covers the page
 * base and the placeholder the shell paints before the script arrives — including the title field
 * a resident can already type into (client/resident/early-input.ts hands it to the real form).
 */
export const RESIDENT_CRITICAL_CSS = `html{background:#f4f6f8;color:#1b1f24;font-family:system-ui,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;font-size:18px;line-height:1.6;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0}
yishi-resident{display:block;min-height:100vh}
.boot-bar{background:#8c1c13;color:#fff;font-weight:700;font-size:1.3rem;margin:0;padding:.75rem 1rem}
.boot{max-width:40rem;margin:0 auto;padding:1rem}
.boot h1{font-size:1.6rem;line-height:1.3;margin:.5rem 0 1rem}
.boot label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.boot input{box-sizing:border-box;font:inherit;font-size:1.05rem;width:100%;min-height:48px;padding:.4rem .6rem;border:2px solid #5b6670;border-radius:8px;background:#fff;color:inherit}
.boot input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.boot .hint{color:#4a545e;margin:.15rem 0 0}
noscript p{padding:1rem}`;
