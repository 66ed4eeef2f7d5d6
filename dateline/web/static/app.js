// dateline's page: send the input to POST /v1/extract and render the Article JSON.
// Everything is built with createElement/textContent: text from a page is never parsed as HTML here.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const URL_ONLY = /^https?:\/\/\S+$/i;
  // The same signal as the server's loader: a few tags only HTML has.
  const HTML_TAGS = /<(?:!doctype|html|head|body|div|p|span|a|br|meta|script|article|section|table|li)\b/gi;
  const KEY_STORE = "dateline-api-key";
  const UNATTRIBUTED = "Unattributed";

  const state = { request: null, json: null, article: null, markdown: null, file: null };

  // -- the form ------------------------------------------------------------------------------------------------

  function init() {
    const form = $("extract-form");
    form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });
    $("source").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
    });
    $("file").addEventListener("change", () => { if ($("file").files[0]) chooseFile($("file").files[0]); });
    $("file-clear").addEventListener("click", clearFile);
    for (const type of ["dragenter", "dragover"]) {
      form.addEventListener(type, (event) => { event.preventDefault(); $("source").classList.add("dragging"); });
    }
    form.addEventListener("dragleave", () => $("source").classList.remove("dragging"));
    form.addEventListener("drop", (event) => {
      event.preventDefault();
      $("source").classList.remove("dragging");
      const file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) chooseFile(file);
    });
    $("api-key").value = sessionStorage.getItem(KEY_STORE) || "";
    $("api-key").addEventListener("change", () => sessionStorage.setItem(KEY_STORE, $("api-key").value.trim()));
    for (const button of document.querySelectorAll("[data-export]")) {
      button.addEventListener("click", () => exportAs(button.dataset.export, button.dataset.action, button));
    }
  }

  function chooseFile(file) {
    state.file = file;
    $("file-name").textContent = `File: ${file.name} (${formatBytes(file.size)})`;
    $("file-chosen").hidden = false;
    $("source").disabled = true;
  }

  function clearFile() {
    state.file = null;
    $("file").value = "";
    $("file-chosen").hidden = true;
    $("source").disabled = false;
    $("source").focus();
  }

  function formatBytes(size) {
    return size < 1024 ? `${size} B` : size < 1048576 ? `${(size / 1024).toFixed(1)} KB` : `${(size / 1048576).toFixed(1)} MB`;
  }

  function detectKind(source) {
    const chosen = $("kind").value;
    if (chosen !== "auto") return chosen;
    if (URL_ONLY.test(source.trim())) return "url";
    const head = source.slice(0, 20000);
    return (head.match(HTML_TAGS) || []).length >= 3 || /^\s*<(!doctype|html)/i.test(head) ? "html" : "text";
  }

  function options() {
    return {
      include_removed: $("include-removed").checked,
      quotes: $("quotes").checked,
      metadata: $("metadata").checked,
      include_comments: $("include-comments").checked,
    };
  }

  // A request is kept so that "Markdown" can ask for the same input again with format=markdown.
  async function buildRequest() {
    const pageUrl = $("page-url").value.trim() || null;
    if (state.file) {
      const params = new URLSearchParams(Object.entries(options()).map(([k, v]) => [k, String(v)]));
      if (pageUrl) params.set("url", pageUrl);
      return { raw: true, params, body: state.file, type: state.file.type || "application/octet-stream" };
    }
    const source = $("source").value;
    if (!source.trim()) throw new UserError("Paste a URL, HTML or text first, or choose a file.");
    const kind = detectKind(source);
    const body = { ...options() };
    if (kind === "url") body.url = source.trim();
    else { body[kind] = source; if (pageUrl) body.url = pageUrl; }
    return { raw: false, body };
  }

  class UserError extends Error {}

  async function post(request, format) {
    const headers = {};
    const key = $("api-key").value.trim();
    if (key) headers.Authorization = `Bearer ${key}`;
    let url = "/v1/extract", body;
    if (request.raw) {
      const params = new URLSearchParams(request.params);
      if (format !== "json") params.set("format", format);
      url += `?${params}`;
      headers["Content-Type"] = request.type;
      body = request.body;
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(format === "json" ? request.body : { ...request.body, format });
    }
    const response = await fetch(url, { method: "POST", headers, body });
    const text = await response.text();
    if (!response.ok) throw apiError(response.status, text);
    return text;
  }

  function apiError(status, text) {
    let code = `http-${status}`, message = text.slice(0, 500) || `the server answered ${status}`;
    try {
      const error = JSON.parse(text).error;
      if (error) { code = error.code || code; message = error.message || message; }
    } catch (ignored) { /* not JSON: keep the text */ }
    const error = new Error(message);
    Object.assign(error, { status, code });
    return error;
  }

  async function submit() {
    const button = $("submit");
    hideError();
    try {
      if (state.file && /\.json$/i.test(state.file.name)) { await openSaved(state.file); return; }
      const request = await buildRequest();
      button.disabled = true;
      setStatus("Extracting…");
      const started = performance.now();
      const json = await post(request, "json");
      Object.assign(state, { request, json, article: JSON.parse(json), markdown: null });
      render(state.article);
      $("source").scrollTop = 0;
      setStatus(`Done in ${Math.round(performance.now() - started)} ms.`);
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  }

  // A JSON record saved earlier from this page (or written by `dateline extract`) opens without the server.
  async function openSaved(file) {
    let article;
    try { article = JSON.parse(await file.text()); } catch (error) { throw new UserError(`${file.name} is not JSON.`); }
    if (!article || typeof article !== "object" || !Array.isArray(article.body)) {
      throw new UserError(`${file.name} is not a dateline article record.`);
    }
    Object.assign(state, { request: null, json: JSON.stringify(article, null, 2), article, markdown: null });
    render(article);
    setStatus(`Opened ${file.name}.`);
  }

  function setStatus(text) { $("status").textContent = text; }

  function hideError() { $("error").hidden = true; $("error").replaceChildren(); }

  function showError(error) {
    setStatus("");
    const box = $("error");
    const parts = [el("strong", {}, error instanceof UserError ? "" : "Could not extract: "), error.message];
    if (error.code) parts.push(" ", el("span", { class: "code" }, `(${error.code}, HTTP ${error.status})`));
    box.replaceChildren(...parts);
    box.hidden = false;
    if (error.status === 401) { $("key-box").open = true; $("api-key").focus(); }
  }

  // -- export -------------------------------------------------------------------------------------------------

  async function exportAs(format, action, button) {
    hideError();
    try {
      const text = format === "json" ? prettyJson() : await markdown();
      const name = `${slug(state.article.title || "article")}.${format === "json" ? "json" : "md"}`;
      if (action === "copy") { await copy(text); setStatus(`${format === "json" ? "JSON" : "Markdown"} copied.`); }
      else download(text, name, format === "json" ? "application/json" : "text/markdown");
    } catch (error) {
      showError(error);
    }
    button.focus();
  }

  function prettyJson() { return JSON.stringify(JSON.parse(state.json), null, 2) + "\n"; }

  async function markdown() {
    if (state.markdown === null) {
      if (!state.request) throw new UserError("Markdown is written by the server: extract the page to get it.");
      state.markdown = await post(state.request, "markdown");
    }
    return state.markdown;
  }

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return; }
    const area = el("textarea", { "aria-hidden": "true" });
    area.value = text;
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }

  function download(text, name, type) {
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function slug(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 60) || "article";
  }

  // -- rendering ----------------------------------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
    }
    node.append(...children.filter((child) => child !== null && child !== undefined && child !== ""));
    return node;
  }

  // Only web addresses become links or images: a javascript: or data: URL from a page stays text.
  function safeUrl(url) {
    try { const parsed = new URL(url, document.baseURI); return /^https?:$/.test(parsed.protocol) ? parsed.href : null; }
    catch (error) { return null; }
  }

  function render(article) {
    $("article").replaceChildren(...renderArticle(article));
    $("article").setAttribute("lang", article.language || "");
    $("side").replaceChildren(...renderSide(article));
    $("result").hidden = false;
    $("result").focus({ preventScroll: false });
  }

  function renderArticle(article) {
    const nodes = [];
    const kicker = [article.site_name, article.section].filter(Boolean).join(" · ");
    if (kicker) nodes.push(el("p", { class: "kicker" }, kicker));
    nodes.push(el("h2", { class: "headline" }, article.title || "(no headline found)"));
    if (article.subtitle) nodes.push(el("p", { class: "subtitle" }, article.subtitle));
    const byline = renderByline(article);
    if (byline) nodes.push(byline);
    if (!article.is_article) {
      nodes.push(el("p", { class: "notice" }, `Judged not an article${article.reason ? `: ${article.reason}` : "."}`));
    }
    const bodyImages = new Set((article.body || []).map((block) => block.image && block.image.url).filter(Boolean));
    if (article.image && !(article.image.url && bodyImages.has(article.image.url))) nodes.push(renderFigure(article.image));
    const body = el("div", { class: "body" }, ...(article.body || []).map(renderBlock));
    if (!(article.body || []).length) body.append(el("p", { class: "notice" }, "No body text was found."));
    nodes.push(body, renderFacts(article));
    return nodes;
  }

  function renderByline(article) {
    const parts = [];
    if ((article.authors || []).length) parts.push(el("span", { class: "authors" }, `By ${article.authors.join(", ")}`));
    if (article.published) parts.push(renderTime(article.published, ""));
    if (article.modified && article.modified !== article.published) parts.push(renderTime(article.modified, "updated "));
    if (!parts.length) return null;
    const line = el("p", { class: "byline" });
    parts.forEach((part, index) => { if (index) line.append(" · "); line.append(part); });
    return line;
  }

  function renderTime(iso, prefix) {
    const date = new Date(iso);
    const shown = isNaN(date) ? iso : new Intl.DateTimeFormat(undefined, {
      dateStyle: "long", ...(/T\d\d:\d\d/.test(iso) ? { timeStyle: "short" } : {}) }).format(date);
    return el("time", { datetime: iso }, prefix + shown);
  }

  function renderFigure(image, fallbackCaption) {
    const figure = el("figure");
    const src = image && safeUrl(image.url);
    if (src) {
      const img = el("img", { src, alt: image.alt || image.caption || "", loading: "lazy", referrerpolicy: "no-referrer" });
      img.addEventListener("error", () => img.remove());  // offline, or the image is gone: keep the caption
      figure.append(img);
    }
    const caption = (image && image.caption) || fallbackCaption;
    const credit = image && image.credit;
    if (caption || credit) {
      figure.append(el("figcaption", {}, caption ? el("span", { class: "caption" }, caption) : null,
                       caption && credit ? " " : null, credit ? el("span", { class: "credit" }, credit) : null));
    }
    return figure;
  }

  function renderBlock(block) {
    switch (block.kind) {
      case "heading": return el(`h${Math.min(Math.max((block.level || 2) + 1, 3), 6)}`, {}, block.text);
      case "list": {
        const items = (block.items && block.items.length ? block.items : block.text.split("\n")).filter(Boolean);
        return el(block.ordered ? "ol" : "ul", {}, ...items.map((item) => el("li", {}, item)));
      }
      case "quote": return el("blockquote", {}, ...block.text.split(/\n+/).map((line) => el("p", {}, line)));
      case "table": return renderTable(block);
      case "figure": return renderFigure(block.image, block.text);
      case "code": return el("pre", {}, el("code", {}, block.text));
      default: return el("p", {}, block.text);
    }
  }

  function renderTable(block) {
    const rows = block.rows && block.rows.length ? block.rows : block.text.split("\n").map((line) => line.split("\t"));
    const table = el("table");
    rows.forEach((row, index) => {
      const header = block.header && index === 0;
      const cells = row.map((cell) => el(header ? "th" : "td", header ? { scope: "col" } : {}, cell));
      (header ? table.createTHead() : (table.tBodies[0] || table.createTBody())).append(el("tr", {}, ...cells));
    });
    return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Table" }, table);
  }

  function renderFacts(article) {
    const facts = el("dl", { class: "facts" });
    const link = safeUrl(article.url);
    const rows = [
      ["Address", link ? el("a", { href: link, rel: "noopener noreferrer nofollow" }, article.url) : article.url],
      ["Language", article.language], ["Tags", (article.tags || []).join(", ")],
      ["Read as", article.source_kind && `${article.source_kind === "text" ? "flattened text" : "HTML"}`],
      ["Confidence", typeof article.confidence === "number" ? `${Math.round(article.confidence * 100)} %` : null],
    ];
    for (const [name, value] of rows) if (value) facts.append(el("dt", {}, name), el("dd", {}, value));
    return facts;
  }

  function renderSide(article) {
    const nodes = [];
    if ((article.quotes || []).length) nodes.push(renderQuotes(article.quotes));
    if (Array.isArray(article.removed)) nodes.push(renderRemoved(article.removed));
    return nodes;
  }

  // Quotes grouped by speaker, in the order they first speak, unattributed last (as the Markdown writer does):
  // whole quotations as items, phrases quoted inside the writer's sentences on one line after them.
  function renderQuotes(quotes) {
    const groups = new Map();
    for (const quote of quotes) {
      const speaker = quote.speaker || UNATTRIBUTED;
      if (!groups.has(speaker)) groups.set(speaker, { role: null, quotes: [] });
      const group = groups.get(speaker);
      group.role = group.role || quote.role;
      group.quotes.push(quote);
    }
    const speakers = [...groups.keys()].sort((a, b) => (a === UNATTRIBUTED) - (b === UNATTRIBUTED));
    const section = el("section", { class: "quotes", "aria-labelledby": "quotes-title" },
                       el("h2", { id: "quotes-title" }, "Who said what"));
    for (const speaker of speakers) {
      const group = groups.get(speaker);
      const whole = group.quotes.filter((quote) => !quote.partial);
      const phrases = group.quotes.filter((quote) => quote.partial).map((quote) => `“${quote.text}”`);
      section.append(el("div", { class: "speaker" },
        el("h3", {}, speaker, group.role ? el("span", { class: "role" }, `, ${group.role}`) : null),
        whole.length ? el("ul", {}, ...whole.map((quote) => el("li", {}, `“${quote.text}”`))) : null,
        phrases.length ? el("p", { class: "phrases" }, el("em", {}, "in the text: "), phrases.join(", ")) : null));
    }
    return section;
  }

  // The cut, greyed and collapsed: each piece with its role, so a reader can judge what was left out.
  function renderRemoved(removed) {
    const list = el("ol", {}, ...removed.map((piece) => el("li", {},
      el("span", { class: "role" }, piece.role || "removed"), piece.text,
      piece.origin ? el("span", { class: "origin" }, piece.origin) : null)));
    const summary = el("summary", {}, `Removed from the page (${removed.length})`);
    const details = el("details", { class: "removed" }, summary,
                       removed.length ? list : el("p", {}, "Nothing was recorded as removed."));
    return el("section", { "aria-label": "Removed from the page" }, details);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
