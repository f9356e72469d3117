// xapian-kindwords.cc: the kind-scoped terms (PREFIX_KIND_WORD): which
// terms have them, how they are spelt, and the writer's side, which finds
// them from the document's term positions.  The query side is Scope in
// xapian-query.cc.

#include "xapian-internal.hh"

#include <algorithm>

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
        // The document's distinct kinds, and each passage's among them.
        std::vector<std::string> names;
        std::vector<int> kind_of(n, -1);
        for (size_t i = 0; i < n; i++) {
            if (!kinds[i]) continue;
            size_t k = 0;
            while (k < names.size() && names[k] != kinds[i]) k++;
            if (k == names.size()) names.emplace_back(kinds[i]);
            kind_of[i] = static_cast<int>(k);
        }
        // Collected first: adding terms while walking the termlist is not allowed.
        std::vector<std::string> add;
        std::vector<char> seen(names.size());
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t) {
            const std::string term = *t;
            if (!kind_scoped(term)) continue;
            std::fill(seen.begin(), seen.end(), 0);
            size_t left = names.size(), passage = 0;
            // positions ascend, as the starts do: one walk over both, past
            // a passage as soon as its kind is known to hold the term
            for (auto p = t.positionlist_begin(); p != t.positionlist_end() && left;) {
                Xapian::termpos pos = *p;
                while (passage + 1 < n && starts[passage + 1] <= pos) passage++;
                int k = pos < starts[passage] ? -1 : kind_of[passage]; // -1: the title
                if (k >= 0 && !seen[k]) {
                    seen[k] = 1;
                    left--;
                    add.push_back(kind_word(names[k], term));
                }
                if (pos >= starts[passage] && passage + 1 < n)
                    p.skip_to(starts[passage + 1]);
                else
                    ++p;
            }
        }
        // wdf 0: the document's length, so its weights, stay as they were
        for (const std::string &term : add) doc->doc.add_boolean_term(term);
    });
}

}  // extern "C"
