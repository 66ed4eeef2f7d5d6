// A self-contained reader for this server's OpenAPI schema: FastAPI's own /docs loads Swagger UI from a CDN,
// which fails offline, so this page lists the operations, their parameters, bodies and answers instead.
"use strict";

(() => {
  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  };

  function schemaText(schema, components) {
    if (!schema) return "";
    if (schema.$ref) return schema.$ref.split("/").pop();
    if (schema.anyOf) return schema.anyOf.map((part) => schemaText(part, components)).join(" | ");
    if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
    if (schema.type === "array") return `${schemaText(schema.items, components)}[]`;
    return schema.type || "object";
  }

  function renderModel(name, schema, components) {
    const rows = Object.entries(schema.properties || {}).map(([field, spec]) => el("tr", {},
      el("td", {}, el("code", {}, field)), el("td", {}, schemaText(spec, components)),
      el("td", {}, spec.default === undefined ? "" : JSON.stringify(spec.default)),
      el("td", {}, spec.description || "")));
    return el("section", {}, el("h3", { id: `model-${name}` }, name),
      rows.length ? el("div", { class: "table-wrap" }, el("table", {},
        el("thead", {}, el("tr", {}, ...["field", "type", "default", ""].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows))) : el("p", {}, schema.description || schemaText(schema, components)));
  }

  function renderOperation(path, method, operation, components) {
    const section = el("section", {}, el("h3", {}, el("code", {}, `${method.toUpperCase()} ${path}`),
                                         operation.summary ? ` — ${operation.summary}` : ""));
    if (operation.description) section.append(el("p", {}, operation.description));
    const params = operation.parameters || [];
    if (params.length) {
      section.append(el("p", {}, "Query parameters:"), el("ul", {}, ...params.map((param) =>
        el("li", {}, el("code", {}, param.name), ` (${schemaText(param.schema, components)}) `, param.description || ""))));
    }
    const body = operation.requestBody && operation.requestBody.content;
    if (body) {
      section.append(el("p", {}, "Body:"), el("ul", {}, ...Object.entries(body).map(([type, spec]) =>
        el("li", {}, el("code", {}, type), ` → ${schemaText(spec.schema, components)}`))));
    }
    section.append(el("p", {}, "Answers:"), el("ul", {}, ...Object.entries(operation.responses || {}).map(
      ([status, response]) => el("li", {}, el("code", {}, status), ` ${response.description || ""}`))));
    return section;
  }

  async function main() {
    const headers = {};
    const key = sessionStorage.getItem("dateline-api-key");
    if (key) headers.Authorization = `Bearer ${key}`;
    const response = await fetch("/openapi.json", { headers });
    if (!response.ok) {
      const box = document.getElementById("error");
      box.textContent = `Could not load /openapi.json (HTTP ${response.status}). Set the API key on the main page.`;
      box.hidden = false;
      return;
    }
    const spec = await response.json();
    const components = (spec.components || {}).schemas || {};
    const root = document.getElementById("api");
    root.append(el("p", {}, spec.info.description || ""), el("p", {}, `Version ${spec.info.version}.`),
                el("h2", {}, "Operations"));
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) root.append(renderOperation(path, method, operation, components));
    }
    root.append(el("h2", {}, "Models"));
    for (const [name, schema] of Object.entries(components)) root.append(renderModel(name, schema, components));
    root.append(el("h2", {}, "Errors"), el("p", {}, "Every error is JSON: {\"error\": {\"code\": …, \"message\": …}}."));
  }

  document.addEventListener("DOMContentLoaded", main);
})();
