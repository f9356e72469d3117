/* page_frame.c: the frame every page shares, its style sheet, and the
 * error page. */
#include <stdio.h>
#include <stdlib.h>

#include "escape.h"
#include "handles.h"
#include "page.h"

void page_begin(strbuf *sb, const char *title, const page_state *st)
{
    sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    html_add(sb, title);
    sb_adds(sb, " · scrutiny</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"
                "</head>\n<body>\n<header>\n<a class=\"home\" href=\"/\">scrutiny</a>\n"
                "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n"
                "<input type=\"search\" name=\"q\" aria-label=\"Search\" "
                "placeholder=\"words, &quot;phrases&quot;, authority:wigan theme:send\" value=\"");
    html_add(sb, st ? st->q : "");
    sb_adds(sb, "\">\n");
    /* a new query keeps the filters chosen so far */
    for (size_t i = 0; st && i < st->filters.len; i++) {
        sb_adds(sb, "<input type=\"hidden\" name=\"f\" value=\"");
        html_add(sb, st->filters.items[i]);
        sb_adds(sb, "\">\n");
    }
    /* the themes of what is searched: its query, filters and years */
    sb_adds(sb, "<button type=\"submit\">Search</button>\n</form>\n<nav><a href=\"");
    strbuf url;
    sb_init(&url);
    if (st)
        state_url_at(&url, "/themes", st, NULL, "relevance", 0);
    html_add(sb, st ? url.buf : "/themes");
    sb_free(&url);
    sb_adds(sb, "\">Recurring themes</a></nav>\n</header>\n<main>\n");
}

void page_end(strbuf *sb)
{
    sb_adds(sb, "</main>\n<footer>scrutiny-serve · <a href=\"/api/v1/list/authorities\">"
                "JSON API</a></footer>\n</body>\n</html>\n");
}

void page_error(reply *rep, unsigned status, const char *message)
{
    rep->status = status;
    rep->type = TYPE_HTML;
    char title[32];
    snprintf(title, sizeof title, "Error %u", status);
    page_begin(&rep->body, title, NULL);
    sb_addf(&rep->body, "<h1>%s</h1>\n<p class=\"error\">", title);
    char *shown = http_public_message(message);
    html_add(&rep->body, shown);
    free(shown);
    sb_adds(&rep->body, "</p>\n<p><a href=\"/\">Start again</a></p>\n");
    page_end(&rep->body);
}

void page_style(reply *rep)
{
    rep->type = TYPE_CSS;
    sb_adds(&rep->body,
            ":root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;"
            "--mark:#ffe28a;font-family:system-ui,sans-serif;color:var(--ink)}\n"
            "body{margin:0;line-height:1.45}\n"
            "header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;"
            "padding:.6rem 1rem;border-bottom:1px solid var(--line);background:#f6f8fa}\n"
            ".home{font-weight:700;text-decoration:none;color:var(--ink)}\n"
            "form.search{display:flex;flex:1 1 20rem;gap:.4rem}\n"
            "form.search input{flex:1;min-width:0;padding:.45rem;font-size:1rem}\n"
            "button{padding:.45rem .8rem;font-size:1rem}\n"
            "main{padding:1rem;max-width:75rem;margin:auto}\n"
            "a{color:var(--accent)}\n"
            ".layout{display:grid;grid-template-columns:16rem 1fr;gap:1.5rem}\n"
            "aside section{margin-bottom:1rem}\n"
            "aside h2{font-size:.95rem;margin:.2rem 0}\n"
            "aside ul{list-style:none;margin:0;padding:0}\n"
            "aside li{display:flex;justify-content:space-between;gap:.5rem;font-size:.9rem}\n"
            "aside li.on a{font-weight:700}\n"
            "aside summary{cursor:pointer;color:var(--accent);font-size:.9rem}\n"
            ".count{color:var(--muted)}\n"
            ".chosen a{display:inline-block;margin:0 .3rem .3rem 0;padding:.1rem .5rem;"
            "border:1px solid var(--line);border-radius:1rem;text-decoration:none}\n"
            "ol.results{padding-left:1.5rem}\n"
            "ol.results li{margin-bottom:1.1rem}\n"
            "ol.results h3{font-size:1.05rem;margin:0}\n"
            ".meta,.heading,.tags{color:var(--muted);font-size:.88rem;margin:.1rem 0}\n"
            ".snippet{margin:.2rem 0}\n"
            "mark{background:var(--mark);padding:0 .1rem}\n"
            ".sort a,.paging a{margin-right:.6rem}\n"
            ".passage{border-top:1px solid var(--line);padding:.5rem 0}\n"
            ".scroll{overflow-x:auto}\n"
            ".error{color:#a40e26}\n"
            "footer{padding:1rem;color:var(--muted);font-size:.85rem}\n"
            "input.year{width:5rem}\n"
            "@media (max-width:700px){.layout{grid-template-columns:1fr}"
            "aside{order:2}}\n");
}

searcher *page_searcher(reply *rep)
{
    scr_error err;
    searcher *s = handle_get(&err);
    if (!s)
        page_error(rep, http_status_unopened(err.status), err.message);
    return s;
}

const char *page_need_arg(const request *r, reply *rep, const char *name, const char *missing)
{
    const char *bad = NULL, *v = req_arg(r, name, &bad);
    if (!v || !*v) {
        page_error(rep, 400, bad ? bad : missing);
        return NULL;
    }
    return v;
}
