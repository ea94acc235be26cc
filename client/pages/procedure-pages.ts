/** 四议两公开's staff pages, loaded together on first visit (issue 14). */
import './procedures-page.js';
import './procedure-page.js';
import './township-page.js';
