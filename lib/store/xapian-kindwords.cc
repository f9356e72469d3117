// xapian-kindwords.cc: the kind-scoped terms (PREFIX_KIND_WORD): which
// terms have them, how they are spelt, and the writer's side, which finds
// them from the document's term positions.  The query side is Scope in
// xapian-query.cc.

#include "xapian-internal.hh"

namespace xcw {

bool kind_scoped(const std::string &t) {
    // the words a scoped query holds: stems (body, heading, title) and
    // concepts; markers (XK, XTH) are not words
    return !t.empty() && (t[0] == 'Z' || t.compare(0, 2, PREFIX_CONCEPT) == 0);
}

std::string kind_word(const std::string &kind, const std::string &term) {
    char *t = schema_kind_word_term(kind.c_str(), term.c_str());
    std::string out(t);
    std::free(t);
    return out;
}

}  // namespace xcw

using namespace xcw;

extern "C" {

xc_status xc_doc_add_kind_words(xc_doc *doc, const unsigned *starts, const char *const *kinds,
                                size_t n, xc_error *err) {
    if (!doc || (n && (!starts || !kinds))) return bad_arg(err, "doc, starts or kinds");
    return guarded(err, [&] {
        bool any = false;
        for (size_t i = 0; i < n; i++) any |= kinds[i] != nullptr;
        if (!any) return;
        // Collected first: adding terms while walking the termlist is not allowed.
        std::set<std::string> add;
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            const std::string term = *t;
            if (!kind_scoped(term)) continue;
            // positions ascend, as the starts do: one walk over both
            size_t passage = 0;
            const char *last = nullptr;
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                while (passage + 1 < n && starts[passage + 1] <= *p) passage++;
                if (*p < starts[passage]) continue; // the title, before any passage
                const char *kind = kinds[passage];
                if (!kind || (last && std::strcmp(last, kind) == 0)) continue;
                last = kind;
                add.insert(kind_word(kind, term));
            }
        }
        // wdf 0: the document's length, so its weights, stay as they were
        for (const std::string &term : add) doc->doc.add_boolean_term(term);
    });
}

}  // extern "C"
