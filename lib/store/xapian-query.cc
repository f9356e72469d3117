// xapian-query.cc: queries made and read through the C API, and the
// rewriting of parsed ones: passage scope and proximity.

#include "xapian-internal.hh"

using namespace xcw;

extern "C" {

/* ---- queries ---- */

void xc_query_free(xc_query *q) {
    try {
        delete q;
    } catch (...) {
    }
}

xc_status xc_query_describe(const xc_query *q, char **out, xc_error *err) {
    if (!q || !out) return bad_arg(err, "q or out");
    return guarded(err, [&] {
        *out = c_copy(q->q.get_description());
    });
}

int xc_query_is_empty(const xc_query *q) {
    try {
        return q && q->q.empty();
    } catch (...) {
        return 0;
    }
}

xc_status xc_query_copy(const xc_query *q, xc_query **out, xc_error *err) {
    if (!q || !out) return bad_arg(err, "q or out");
    return guarded(err, [&] {
        *out = new xc_query(*q);
    });
}

xc_status xc_query_all(xc_query **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        *out = new xc_query{Xapian::Query::MatchAll};
    });
}

xc_status xc_query_term(const char *term, xc_query **out, xc_error *err) {
    if (!term || !out) return bad_arg(err, "term or out");
    return guarded(err, [&] {
        *out = new xc_query{Xapian::Query(term)};
    });
}

xc_status xc_query_any(const char *const *terms, size_t n, xc_query **out, xc_error *err) {
    if ((!terms && n) || !out) return bad_arg(err, "terms or out");
    return guarded(err, [&] {
        std::vector<std::string> t(terms, terms + n);
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_OR, t.begin(), t.end())};
    });
}

xc_status xc_query_filter(const xc_query *a, const xc_query *f, xc_query **out, xc_error *err) {
    if (!a || !f || !out) return bad_arg(err, "a, f or out");
    return guarded(err, [&] {
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_FILTER, a->q, f->q)};
    });
}

namespace {

bool positional(const std::string &t);

// The passage markers' prefixes (schema.h): a kind's, a passage theme's.
const std::vector<std::string> marker_prefixes{PREFIX_KIND, PREFIX_THEME};

bool is_marker(const std::string &t) {
    return prefix_index(t, marker_prefixes) < marker_prefixes.size();
}

// A NEAR's window, which Xapian 1.4's Query keeps to itself but for its
// description: "Query((Zspeech@1 NEAR 3 Ztherapi@2))".
unsigned near_window(const Xapian::Query &q) {
    std::string d = q.get_description();
    size_t at = d.find(" NEAR ");
    unsigned long w = at == std::string::npos ? 0 : std::strtoul(d.c_str() + at + 6, nullptr, 10);
    return w ? static_cast<unsigned>(w) : 10;
}

bool leaf_term(const Xapian::Query &q, std::string *term);

void walk_words(const Xapian::Query &q, int group, unsigned near, unsigned *phrase,
                xc_phrase_fn fn, void *ctx);

// The markers a side of an OR asks a passage for when it is filters alone
// ("kind:a", "theme:b -speech"); false if it has words or other filters.
bool side_markers(const Xapian::Query &q, std::vector<std::string> &out) {
    if (markers_only(q, false, marker_prefixes, out)) return true;
    if (q.get_type() == Xapian::Query::OP_AND_NOT && q.get_num_subqueries())
        return side_markers(q.get_subquery(0), out); // what it excludes is the document's
    return false;
}

// walk_words of an OR outside phrases, and of a compound's spellings
// (OP_MAX): apart, so that walk_words' recursion over a deep query (2,048
// NOTs) keeps a small frame.
__attribute__((noinline)) void walk_or(const Xapian::Query &q, int group, unsigned near,
                                       unsigned *phrase, xc_phrase_fn fn, void *ctx) {
    std::vector<std::string> alone;
    // markers alone, ORed, are one scope (find_markers); else each side
    // answers in its own passages
    if (markers_only(q, false, marker_prefixes, alone)) {
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            walk_words(q.get_subquery(i), group, near, phrase, fn, ctx);
        return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++) {
        const Xapian::Query side = q.get_subquery(i);
        alone.clear();
        // a side of markers alone ("kind:recommendation OR speech"): a
        // word to a passage that holds one
        if (side_markers(side, alone)) {
            for (const auto &t : alone) fn(ctx, -1, 0, t.c_str());
            continue;
        }
        // a side's words under a marker of its own ("speech OR
        // (kind:recommendation housing)"): each in a passage with it
        alone.clear();
        if (side.get_type() == Xapian::Query::OP_FILTER && side.get_num_subqueries() == 2 &&
            markers_only(side.get_subquery(1), true, marker_prefixes, alone) && alone.size() == 1) {
            const Xapian::Query words = side.get_subquery(0);
            for (auto t = words.get_terms_begin(); t != words.get_terms_end(); ++t) {
                const std::string w = *t;
                if (!positional(w) || is_marker(w)) continue;
                unsigned g = (*phrase)++;
                fn(ctx, static_cast<int>(g), PASSAGE_WINDOW, alone[0].c_str());
                fn(ctx, static_cast<int>(g), PASSAGE_WINDOW, w.c_str());
            }
            continue;
        }
        walk_words(side, group, near, phrase, fn, ctx);
    }
}
__attribute__((noinline)) void walk_max(const Xapian::Query &q, int group, unsigned near,
                                        unsigned *phrase, xc_phrase_fn fn, void *ctx) {
    // a compound's joined form (xapian-compounds.cc) is where its words
    // are as written, or a document closed it up: the words are what a
    // passage shows and holds together, the joined form stands for them
    Xapian::Query words = q.get_subquery(0), joined = q.get_subquery(q.get_num_subqueries() - 1);
    int g = group < 0 && words.get_type() == Xapian::Query::OP_PHRASE ? static_cast<int>(*phrase) : -1;
    walk_words(words, group, near, phrase, fn, ctx);
    std::string t;
    if (g >= 0 && leaf_term(joined, &t)) fn(ctx, g, XC_PHRASE_ALTERNATIVE, t.c_str());
}

void walk_words(const Xapian::Query &q, int group, unsigned near, unsigned *phrase,
                xc_phrase_fn fn, void *ctx) {
    auto op = q.get_type();
    if (op == Xapian::Query::OP_OR && group < 0) {
        walk_or(q, group, near, phrase, fn, ctx);
        return;
    }
    if (op == Xapian::Query::LEAF_TERM) {
        std::string t = *q.get_terms_begin();
        if (positional(t) && !is_marker(t)) fn(ctx, group < 0 ? -1 : group, near, t.c_str());
        return;
    }
    if (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER) {
        // what is excluded or only filters is not what a passage shows
        if (q.get_num_subqueries())
            walk_words(q.get_subquery(0), group, near, phrase, fn, ctx);
        return;
    }
    // a phrase or a NEAR is a group of words a passage holds together; a
    // weighed boost's NEARs (proximity: 0.5 * (a NEAR b)) ask nothing of
    // a passage, their words are each the query's own
    if (op == Xapian::Query::OP_SCALE_WEIGHT && group < 0) {
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            walk_words(q.get_subquery(i), -2, 0, phrase, fn, ctx);
        return;
    }
    if (group == -2 && op == Xapian::Query::OP_NEAR) {
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            walk_words(q.get_subquery(i), -2, 0, phrase, fn, ctx);
        return;
    }
    if (op == Xapian::Query::OP_MAX && q.get_num_subqueries()) {
        walk_max(q, group, near, phrase, fn, ctx);
        return;
    }
    bool starts = (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) && group < 0;
    if (starts) {
        group = static_cast<int>(*phrase);
        near = op == Xapian::Query::OP_NEAR ? near_window(q) : 0;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        walk_words(q.get_subquery(i), group, near, phrase, fn, ctx);
    if (starts) ++*phrase;
}

}  // namespace

xc_status xc_query_words(const xc_query *q, xc_phrase_fn fn, void *ctx, xc_error *err) {
    if (!q || !fn) return bad_arg(err, "q or fn");
    return guarded(err, [&] {
        unsigned phrase = 0;
        walk_words(q->written.empty() ? q->q : q->written, -1, 0, &phrase, fn, ctx);
    });
}

xc_status xc_query_terms(const xc_query *q, xc_term_fn fn, void *ctx, xc_error *err) {
    if (!q || !fn) return bad_arg(err, "q or fn");
    return guarded(err, [&] {
        for (auto t = q->q.get_terms_begin(); t != q->q.get_terms_end(); ++t) {
            std::string term = *t;
            fn(ctx, term.c_str());
        }
    });
}

xc_status xc_query_or_scaled(const xc_query *a, const xc_query *b, double factor, xc_query **out,
                             xc_error *err) {
    if (!a || !b || !out) return bad_arg(err, "a, b or out");
    return guarded(err, [&] {
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_OR, a->q, Xapian::Query(factor, b->q))};
    });
}

xc_status xc_query_maybe_scaled(const xc_query *a, const xc_query *b, double factor,
                                xc_query **out, xc_error *err) {
    if (!a || !b || !out) return bad_arg(err, "a, b or out");
    return guarded(err, [&] {
        *out = new xc_query{
            Xapian::Query(Xapian::Query::OP_AND_MAYBE, a->q, Xapian::Query(factor, b->q))};
    });
}

xc_status xc_query_and_not(const xc_query *a, const xc_query *n, xc_query **out, xc_error *err) {
    if (!a || !n || !out) return bad_arg(err, "a, n or out");
    return guarded(err, [&] {
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_AND_NOT, a->q, n->q)};
    });
}

}  // extern "C"

/* ---- passage scope (see schema.h: passages and their markers) ---- */

// The index of the prefix t begins with, or prefixes.size().
size_t xcw::prefix_index(const std::string &t, const std::vector<std::string> &prefixes) {
    size_t g = 0;
    while (g < prefixes.size() && t.compare(0, prefixes[g].size(), prefixes[g]) != 0) g++;
    return g;
}

// Whether q is markers and nothing else (a filter's marker, 0 * one, or
// an OR of such: "kind:recommendation OR theme:send"); their terms into out.
bool xcw::markers_only(const Xapian::Query &q, bool in_filter,
                       const std::vector<std::string> &prefixes, std::vector<std::string> &out) {
    auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        std::string t = *q.get_terms_begin();
        if (!in_filter || prefix_index(t, prefixes) == prefixes.size()) return false;
        out.push_back(t);
        return true;
    }
    if (op != Xapian::Query::OP_OR && op != Xapian::Query::OP_SCALE_WEIGHT) return false;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (!markers_only(q.get_subquery(i), in_filter || op == Xapian::Query::OP_SCALE_WEIGHT,
                          prefixes, out))
            return false;
    return q.get_num_subqueries() > 0;
}

// Whether q holds a term of one of prefixes.
bool xcw::holds_prefixed(const Xapian::Query &q, const std::vector<std::string> &prefixes) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
        if (prefix_index(*t, prefixes) < prefixes.size()) return true;
    return false;
}

namespace {

bool positional(const std::string &t) {
    // stems (Z...), concepts (XY) and passage markers (XK, XTH) have positions
    return !t.empty() && (t[0] == 'Z' || t.compare(0, 2, "XY") == 0 || is_marker(t));
}

bool leaf_term(const Xapian::Query &q, std::string *term) {
    if (q.get_type() != Xapian::Query::LEAF_TERM) return false;
    Xapian::TermIterator t = q.get_terms_begin();
    if (t == q.get_terms_end()) return false;
    if (term) *term = *t;
    return positional(*t);
}

// Whether q is a word a NEAR can take as one of its parts: a term, or a
// group of alternatives (synonyms, OR, a wildcard's expansion) of terms.
bool nearable(const Xapian::Query &q) {
    if (leaf_term(q, nullptr)) return true;
    auto op = q.get_type();
    if (op != Xapian::Query::OP_OR && op != Xapian::Query::OP_SYNONYM) return false;
    size_t n = q.get_num_subqueries(), terms = 0;
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i);
        if (leaf_term(sub, nullptr))
            terms++;
        else if (sub.get_type() != Xapian::Query::OP_WILDCARD)
            return false;
    }
    return terms > 0;
}

// A nearable q as Xapian's NEAR takes it: a term, or an OR of terms (NEAR
// refuses synonyms and wildcards; a wildcard's expansion is there).
Xapian::Query near_part(const Xapian::Query &q) {
    if (q.get_type() == Xapian::Query::LEAF_TERM) return q;
    std::vector<Xapian::Query> terms;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (leaf_term(q.get_subquery(i), nullptr)) terms.push_back(q.get_subquery(i));
    return terms.size() == 1 ? terms[0] : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Whether each term of word q (a nearable) stands in passages.
bool all_in_passages(const Xapian::Query &q) {
    for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
        if (!in_passages(*t)) return false;
    return true;
}

// The words under q (phrases' words, synonym groups), for a NEAR that
// keeps q's words in one passage; a word that no passage holds (a title's,
// a stopword) is left to match anywhere in the document.
void leaves(const Xapian::Query &q, std::vector<Xapian::Query> &out) {
    if (nearable(q)) {
        Xapian::Query part = near_part(q);
        if (all_in_passages(part)) out.push_back(part);
        return;
    }
    // filters alone, "0 * (kind:a OR theme:b)": no words
    if (q.get_type() == Xapian::Query::OP_SCALE_WEIGHT) return;
    // a compound written either way (xapian-compounds.cc): its joined form,
    // last, which both a hyphenated and a closed-up spelling hold
    if (q.get_type() == Xapian::Query::OP_MAX && q.get_num_subqueries()) {
        leaves(q.get_subquery(q.get_num_subqueries() - 1), out);
        return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++) leaves(q.get_subquery(i), out);
}

struct Scope {
    std::vector<std::vector<Xapian::Query>> groups; // markers ORed within, ANDed across
    // The kinds, when they are the only markers and words need not share a
    // passage: words are then scoped by their kind-scoped terms.  A passage
    // theme's markers have no such terms; with one, or in passage mode,
    // NEARs keep all the markers and words in one passage.
    std::vector<std::string> kinds;
    const std::vector<std::string> *prefixes;
    bool passage;
    // passage mode: the words that must share a passage, reported as
    // groups after the marker groups (each a term or its alternatives)
    xc_marker_fn fn = nullptr;
    void *ctx = nullptr;
    mutable unsigned next_group = 0;

    void report(const std::vector<Xapian::Query> &parts) const {
        if (!fn) return;
        for (const auto &p : parts) {
            unsigned g = next_group++;
            for (auto t = p.get_terms_begin(); t != p.get_terms_end(); ++t) {
                std::string term = *t;
                fn(ctx, g, term.c_str());
            }
        }
    }

    Xapian::Query near(const std::vector<Xapian::Query> &parts) const {
        std::vector<Xapian::Query> all;
        for (const auto &g : groups) all.emplace_back(Xapian::Query::OP_OR, g.begin(), g.end());
        all.insert(all.end(), parts.begin(), parts.end());
        return Xapian::Query(Xapian::Query::OP_NEAR, all.begin(), all.end(), PASSAGE_WINDOW);
    }
    // A word p (a term or its alternatives) in a passage with the markers:
    // where kinds alone scope, one of p's kind-scoped terms (postings, no
    // positions to read), else a NEAR.
    Xapian::Query within(const Xapian::Query &p) const {
        std::vector<Xapian::Query> alts;
        for (auto t = p.get_terms_begin(); t != p.get_terms_end() && !kinds.empty(); ++t) {
            if (!kind_scoped(*t)) return near({p});
            for (const std::string &k : kinds) alts.emplace_back(kind_word(k, *t));
        }
        if (alts.empty()) return near({p});
        return alts.size() == 1 ? alts[0]
                                : Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
    }
    // q, kept only where its words meet the markers (and, in passage mode,
    // each other) in one passage; q still gives the weight.
    Xapian::Query scoped(const Xapian::Query &q) const {
        if (groups.empty() && !passage) return q; // a side of an OR no filter scopes
        std::vector<Xapian::Query> parts;
        leaves(q, parts);
        if (parts.empty()) return q;
        if (passage) return Xapian::Query(Xapian::Query::OP_FILTER, q, near(parts));
        std::vector<Xapian::Query> each; // a phrase: each word with the markers
        for (const auto &p : parts) each.push_back(within(p));
        return Xapian::Query(Xapian::Query::OP_FILTER, q,
                             each.size() == 1 ? each[0]
                                              : Xapian::Query(Xapian::Query::OP_AND, each.begin(),
                                                              each.end()));
    }
    // Whether filter q has markers this scope does not hold (a filter of
    // one side of an OR): own is then this scope with them, for its left
    // side.
    bool local(const Xapian::Query &q, Scope &own) const;
    // The kinds of groups, when they are its only markers (see kinds).
    void kinds_of_groups();
    Xapian::Query rewrite(const Xapian::Query &q, bool top) const {
        auto op = q.get_type();
        size_t n = q.get_num_subqueries();
        switch (op) {
        case Xapian::Query::OP_FILTER:
            if (!passage) {
                Scope own;
                if (local(q, own)) {
                    std::vector<Xapian::Query> subs{own.rewrite(q.get_subquery(0), false)};
                    for (size_t i = 1; i < n; i++) subs.push_back(q.get_subquery(i));
                    return Xapian::Query(op, subs.begin(), subs.end());
                }
            }
            // fall through
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_AND_MAYBE: {
            // the left side decides; filters, exclusions and boosts stay
            std::vector<Xapian::Query> subs{rewrite(q.get_subquery(0), top)};
            for (size_t i = 1; i < n; i++) subs.push_back(q.get_subquery(i));
            return Xapian::Query(op, subs.begin(), subs.end());
        }
        case Xapian::Query::OP_AND:
            if (passage && top) { // every word in one passage
                std::vector<Xapian::Query> parts;
                leaves(q, parts);
                report(parts);
                return scoped(q);
            }
            // fall through
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_XOR: {
            if (nearable(q)) return scoped(q);
            std::vector<Xapian::Query> subs;
            for (size_t i = 0; i < n; i++) subs.push_back(rewrite(q.get_subquery(i), false));
            return Xapian::Query(op, subs.begin(), subs.end());
        }
        case Xapian::Query::LEAF_TERM:
            return leaf_term(q, nullptr) && all_in_passages(q) ? scoped(q) : q;
        case Xapian::Query::OP_MAX: { // a compound's spellings: either, each in scope
            std::vector<Xapian::Query> subs;
            for (size_t i = 0; i < n; i++) subs.push_back(rewrite(q.get_subquery(i), top));
            return Xapian::Query(op, subs.begin(), subs.end());
        }
        case Xapian::Query::OP_SYNONYM:
            if (!nearable(q)) { // words or their acronym: either, each in scope
                std::vector<Xapian::Query> subs;
                for (size_t i = 0; i < n; i++) subs.push_back(rewrite(q.get_subquery(i), top));
                return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
            }
            return scoped(q);
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR:
            return scoped(q);
        default: // match-all, ranges, wildcards left unexpanded: as they are
            return q;
        }
    }
};

// The marker terms of q's filters (the right sides of OP_FILTER), grouped
// by which of prefixes they begin with; markers of several prefixes ORed
// ("kind:recommendation OR theme:send") a group of their own, after those.
// Markers that are an alternative to anything else ("kind:recommendation
// OR speech") scope nothing, and a filter inside one side of an OR scopes
// that side (Scope::rewrite): neither is a group.
void find_markers(const Xapian::Query &q, bool in_filter, const std::vector<std::string> &prefixes,
                  std::vector<std::vector<Xapian::Query>> &groups,
                  std::vector<std::pair<size_t, std::string>> &found);

// Markers all (each of one of prefixes), ORed, as one group: their
// prefix's, or a new one when they are of several prefixes.  apart: themes
// ANDed with themes already found are a group of their own (theme:send AND
// theme:early-years: a passage holds both, not either; theme:send AND
// (theme:early-years OR theme:health)).  A passage has one kind: kinds
// stay one group (either), as the kind facet counts a query's kind with
// each other one added.
void add_group(const std::vector<std::string> &all, bool apart,
               const std::vector<std::string> &prefixes,
               std::vector<std::vector<Xapian::Query>> &groups,
               std::vector<std::pair<size_t, std::string>> &found) {
    size_t g = prefix_index(all[0], prefixes);
    for (const auto &t : all)
        if (prefix_index(t, prefixes) != g) g = groups.size();
    if (apart && g < groups.size() && !groups[g].empty() && prefixes[g] != PREFIX_KIND)
        g = groups.size();
    if (g == groups.size()) groups.emplace_back();
    for (const auto &t : all) {
        groups[g].emplace_back(t);
        found.emplace_back(g, t);
    }
}

// find_markers of an OR: apart, so that its recursion over a deep query
// keeps a small frame.
__attribute__((noinline)) void find_markers_or(
    const Xapian::Query &q, bool in_filter, const std::vector<std::string> &prefixes,
    std::vector<std::vector<Xapian::Query>> &groups,
    std::vector<std::pair<size_t, std::string>> &found) {
    std::vector<std::string> all;
    if (markers_only(q, in_filter, prefixes, all)) {
        add_group(all, true, prefixes, groups, found);
        return;
    }
    // a filter inside one side of the OR ("speech OR (kind:a housing)")
    // scopes that side alone: Scope::rewrite gives it a scope of its own
}

void find_markers(const Xapian::Query &q, bool in_filter, const std::vector<std::string> &prefixes,
                  std::vector<std::vector<Xapian::Query>> &groups,
                  std::vector<std::pair<size_t, std::string>> &found) {
    auto op = q.get_type();
    if (op == Xapian::Query::OP_OR) {
        find_markers_or(q, in_filter, prefixes, groups, found);
        return;
    }
    if (op == Xapian::Query::LEAF_TERM) {
        if (!in_filter) return;
        std::string t = *q.get_terms_begin();
        if (prefix_index(t, prefixes) < prefixes.size()) add_group({t}, true, prefixes, groups, found);
        return;
    }
    if (op == Xapian::Query::OP_XOR) {
        // markers alone: either, with those found; beside anything else
        // they scope nothing, as an OR's ("kind:a XOR parents": parents
        // anywhere, not in kind a's passages; a passage rule tells which
        // passages answer, xapian-rule.cc)
        std::vector<std::string> all;
        for (size_t i = 0; i < q.get_num_subqueries(); i++) {
            const Xapian::Query sub = q.get_subquery(i);
            // a filter alone is "0 * term"
            bool weightless = sub.get_type() == Xapian::Query::OP_SCALE_WEIGHT &&
                              sub.get_num_subqueries() == 1;
            std::string t;
            if (!(in_filter || weightless) ||
                !leaf_term(weightless ? sub.get_subquery(0) : sub, &t) ||
                prefix_index(t, prefixes) == prefixes.size())
                return;
            all.push_back(t);
        }
        if (!all.empty()) add_group(all, false, prefixes, groups, found);
        return;
    }
    if (op == Xapian::Query::OP_AND_NOT) { // what is excluded scopes nothing
        if (q.get_num_subqueries())
            find_markers(q.get_subquery(0), in_filter, prefixes, groups, found);
        return;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        find_markers(q.get_subquery(i),
                     in_filter || (op == Xapian::Query::OP_FILTER && i > 0) ||
                         op == Xapian::Query::OP_SCALE_WEIGHT, // filters alone: 0 * (...)
                     prefixes, groups, found);
}

bool Scope::local(const Xapian::Query &q, Scope &own) const {
    std::vector<std::vector<Xapian::Query>> found_groups(prefixes->size());
    std::vector<std::pair<size_t, std::string>> found;
    for (size_t i = 1; i < q.get_num_subqueries(); i++)
        find_markers(q.get_subquery(i), true, *prefixes, found_groups, found);
    bool extra = false;
    for (const auto &f : found) {
        bool held = false;
        for (const auto &g : groups)
            for (const auto &m : g) held = held || *m.get_terms_begin() == f.second;
        extra = extra || !held;
    }
    if (!extra) return false;
    own = *this;
    own.fn = nullptr; // passage mode's groups are reported by the top scope only
    for (auto &g : found_groups)
        if (!g.empty()) own.groups.push_back(g);
    own.kinds_of_groups();
    return true;
}

void Scope::kinds_of_groups() {
    kinds.clear();
    const std::string kind_prefix = PREFIX_KIND;
    if (groups.size() != 1 || passage) return;
    for (const auto &m : groups[0]) {
        const std::string t = *m.get_terms_begin();
        if (t.compare(0, kind_prefix.size(), kind_prefix) != 0) {
            kinds.clear();
            return;
        }
        kinds.push_back(t.substr(kind_prefix.size()));
    }
}

// The words of a ranked query in the order written, for proximity: an
// OR's parts, a multi-word synonym's words; a phrase or a group of other
// kind ends a run (an empty query in seq).
void word_sequence(const Xapian::Query &q, std::vector<Xapian::Query> &seq) {
    auto op = q.get_type();
    if (op == Xapian::Query::OP_OR) {
        for (size_t i = 0; i < q.get_num_subqueries(); i++) word_sequence(q.get_subquery(i), seq);
    } else if (nearable(q)) {
        seq.push_back(near_part(q));
    } else if (op == Xapian::Query::OP_SYNONYM) {
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            if (!leaf_term(q.get_subquery(i), nullptr)) word_sequence(q.get_subquery(i), seq);
    } else {
        seq.push_back(Xapian::Query());
    }
}

Xapian::Query with_proximity(const Xapian::Query &q, unsigned window, double factor, bool bound) {
    auto op = q.get_type();
    if (op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT ||
        op == Xapian::Query::OP_AND_MAYBE) {
        std::vector<Xapian::Query> subs{with_proximity(q.get_subquery(0), window, factor, bound)};
        for (size_t i = 1; i < q.get_num_subqueries(); i++) subs.push_back(q.get_subquery(i));
        return Xapian::Query(op, subs.begin(), subs.end());
    }
    if (op != Xapian::Query::OP_OR && op != Xapian::Query::OP_SYNONYM) return q;
    std::vector<Xapian::Query> store;
    word_sequence(q, store);
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < store.size(); i++) {
        if (store[i].empty() || store[i + 1].empty()) continue;
        std::vector<Xapian::Query> two{store[i], store[i + 1]};
        // NEAR weighs as the AND of its parts, where they are near
        if (bound)
            pairs.emplace_back(Xapian::Query::OP_AND, two.begin(), two.end());
        else
            pairs.emplace_back(Xapian::Query::OP_NEAR, two.begin(), two.end(), window);
    }
    if (pairs.empty()) return q;
    Xapian::Query boost(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, Xapian::Query(factor, boost));
}

}  // namespace

extern "C" {

xc_status xc_query_scope(const xc_query *q, const char *const *prefixes, size_t n_prefixes,
                         int passage, xc_query **out, xc_marker_fn fn, void *ctx,
                         xc_error *err) {
    if (!q || (!prefixes && n_prefixes) || !out) return bad_arg(err, "q, prefixes or out");
    return guarded(err, [&] {
        std::vector<std::string> pre(prefixes, prefixes + n_prefixes);
        std::vector<std::vector<Xapian::Query>> groups(pre.size());
        std::vector<std::pair<size_t, std::string>> found;
        find_markers(q->q, false, pre, groups, found);
        Scope s;
        s.prefixes = &pre;
        s.passage = passage != 0;
        s.fn = fn;
        s.ctx = ctx;
        s.next_group = static_cast<unsigned>(groups.size());
        for (auto &g : groups)
            if (!g.empty()) s.groups.push_back(g);
        s.kinds_of_groups();
        for (const auto &f : found)
            if (fn) fn(ctx, static_cast<unsigned>(f.first), f.second.c_str());
        // a filter of one side of an OR scopes that side (Scope::local)
        bool scoped = !s.groups.empty() || s.passage || holds_prefixed(q->q, pre);
        *out = new xc_query{scoped ? s.rewrite(q->q, true) : q->q};
    });
}

xc_status xc_query_proximity(const xc_query *q, unsigned window, double factor, int bound,
                             xc_query **out, xc_error *err) {
    if (!q || !out) return bad_arg(err, "q or out");
    return guarded(err, [&] {
        // the same words: a passage shows them as written
        *out = new xc_query{with_proximity(q->q, window, factor, bound != 0), q->written};
    });
}

xc_status xc_enquire_matching_terms(xc_enquire *enq, unsigned docid, xc_term_pred keep,
                                    void *keep_ctx, xc_term_fn fn, void *ctx, xc_error *err) {
    if (!enq || !fn) return bad_arg(err, "enq or fn");
    return guarded(err, [&] {
        // A query term's positions in the document: one look-up each,
        // where Xapian's own answer reads the document's whole termlist (a
        // thousand terms: a seventh of a query's instructions).  Query
        // order, each term once, as get_matching_terms gives them; the
        // positions are kept for xc_rdb_positions, which passages ask next.
        xc_rdb *r = enq->rdb;
        r->positions_doc = docid;
        r->positions.clear();
        const Xapian::Query q = enq->enq.get_query();
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
            const std::string &term = *t;
            if (!positional(term) || r->positions.count(term) ||
                (keep && !keep(keep_ctx, term.c_str())))
                continue;
            std::vector<Xapian::termpos> &pos = r->positions[term];
            for (auto p = r->db.positionlist_begin(docid, term);
                 p != r->db.positionlist_end(docid, term); ++p)
                pos.push_back(*p);
            if (!pos.empty()) fn(ctx, term.c_str());
        }
    });
}

xc_status xc_rdb_positions(xc_rdb *db, unsigned docid, const char *term, xc_pos_fn fn,
                           void *ctx, xc_error *err) {
    if (!db || !term || !fn) return bad_arg(err, "db, term or fn");
    return guarded(err, [&] {
        if (docid == db->positions_doc) {
            auto kept = db->positions.find(term);
            if (kept != db->positions.end()) {
                for (Xapian::termpos p : kept->second) fn(ctx, p);
                return;
            }
        }
        for (auto p = db->db.positionlist_begin(docid, term);
             p != db->db.positionlist_end(docid, term); ++p)
            fn(ctx, *p);
    });
}

}  // extern "C"
