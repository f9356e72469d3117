// xapian-rule.cc: a query's passage rule (xc_query_passage_rule), for
// markers that are not an AND of OR-groups, and its answer passage by
// passage (xc_rule_apply): which passages answer
// "(theme:send AND theme:early-years) OR theme:health" or
// "theme:send XOR speech".

#include "xapian-internal.hh"

using namespace xcw;

// A step of the rule: a term a passage holds (a marker, a word), a part
// of the query a document matches or not (a filter, a title's word, what
// NOT excludes: the same in each of its passages), or a boolean of steps.
struct xc_rule {
    enum Kind { TERM, DOC, AND, OR, XOR, AND_NOT } kind;
    std::string term;
    Xapian::Query doc;
    std::vector<xc_rule> parts;
    // DOC's matches, once a search asks (null: not yet)
    std::shared_ptr<roaring_bitmap_t> matches;
};

namespace {

struct Rule {
    std::vector<std::string> prefixes;
    bool passage; // --match passage: an AND's words all in one passage

    bool holds_marker(const Xapian::Query &q) const { return holds_prefixed(q, prefixes); }
    // Whether q is "0 * ...": a filter alone (Xapian 1.4's Query keeps
    // its factor to itself but for its description).
    static bool zero(const Xapian::Query &q) {
        return q.get_description().compare(0, 10, "Query(0 * ") == 0;
    }
    // Whether q is markers ORed and nothing else (a filter's "0 * term"s,
    // a filter's terms): the marker groups say that exactly.
    bool markers_or(const Xapian::Query &q) const {
        std::vector<std::string> terms;
        return markers_only(q, true, prefixes, terms);
    }
    // Whether an OR or XOR of q holds a marker beside anything but markers
    // ORed: the groups cannot say it.
    bool needed(const Xapian::Query &q) const {
        auto op = q.get_type();
        if ((op == Xapian::Query::OP_XOR || op == Xapian::Query::OP_OR) && holds_marker(q) &&
            (op == Xapian::Query::OP_XOR || !markers_or(q)))
            return true;
        for (size_t i = 0; i < q.get_num_subqueries(); i++)
            if (needed(q.get_subquery(i))) return true;
        return false;
    }
    // q with each XOR that holds a marker taken as an OR: the documents
    // that may have a passage the rule keeps (a passage of one side, where
    // the document has the other's elsewhere, answers).
    Xapian::Query relaxed(const Xapian::Query &q) const {
        auto op = q.get_type();
        size_t n = q.get_num_subqueries();
        if (n == 0 || op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR ||
            !holds_marker(q))
            return q;
        if (op == Xapian::Query::OP_SCALE_WEIGHT)
            return zero(q) ? Xapian::Query(0.0, relaxed(q.get_subquery(0))) : q;
        // what AND_NOT excludes and AND_MAYBE boosts are the document's,
        // as the rule takes them: left as they are
        bool left_only = op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_AND_MAYBE;
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < n; i++)
            subs.push_back(i == 0 || !left_only ? relaxed(q.get_subquery(i)) : q.get_subquery(i));
        if (op == Xapian::Query::OP_XOR) op = Xapian::Query::OP_OR;
        return Xapian::Query(op, subs.begin(), subs.end());
    }

    static xc_rule doc(const Xapian::Query &q) { return {xc_rule::DOC, {}, q, {}, nullptr}; }
    static xc_rule of(xc_rule::Kind kind, std::vector<xc_rule> parts) {
        return parts.size() == 1 && kind != xc_rule::AND_NOT
                   ? std::move(parts[0])
                   : xc_rule{kind, {}, {}, std::move(parts), nullptr};
    }
    // q's rule; in_filter: q only filters (a filter's right side, "0 *
    // ..."), where all but a marker is the document's (an authority, a
    // year).
    xc_rule make(const Xapian::Query &q, bool in_filter) const {
        auto op = q.get_type();
        size_t n = q.get_num_subqueries();
        bool marked = holds_marker(q);
        if (!marked) return in_filter ? doc(q) : words(q);
        std::vector<xc_rule> parts;
        switch (op) {
        case Xapian::Query::LEAF_TERM:
            return {xc_rule::TERM, *q.get_terms_begin(), {}, {}, nullptr};
        case Xapian::Query::OP_SCALE_WEIGHT:
            return make(q.get_subquery(0), in_filter || zero(q));
        case Xapian::Query::OP_AND_MAYBE: // a boost decides nothing
            return make(q.get_subquery(0), in_filter);
        case Xapian::Query::OP_AND_NOT: { // what it excludes is the document's
            parts.push_back(make(q.get_subquery(0), in_filter));
            std::vector<Xapian::Query> out;
            for (size_t i = 1; i < n; i++) out.push_back(q.get_subquery(i));
            parts.push_back(doc(Xapian::Query(Xapian::Query::OP_OR, out.begin(), out.end())));
            return of(xc_rule::AND_NOT, std::move(parts));
        }
        case Xapian::Query::OP_FILTER:
            for (size_t i = 0; i < n; i++) parts.push_back(make(q.get_subquery(i), in_filter || i > 0));
            return of(xc_rule::AND, std::move(parts));
        case Xapian::Query::OP_AND: { // markers all; of the words any (passage mode: all)
            std::vector<Xapian::Query> word_parts;
            for (size_t i = 0; i < n; i++) {
                const Xapian::Query sub = q.get_subquery(i);
                if (passage || in_filter || holds_marker(sub)) parts.push_back(make(sub, in_filter));
                else word_parts.push_back(sub);
            }
            if (word_parts.size() == 1) parts.push_back(words(word_parts[0]));
            if (word_parts.size() > 1) // each somewhere in the document, any in the passage
                parts.push_back(
                    words(Xapian::Query(Xapian::Query::OP_AND, word_parts.begin(), word_parts.end())));
            return of(xc_rule::AND, std::move(parts));
        }
        case Xapian::Query::OP_OR: case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
        case Xapian::Query::OP_ELITE_SET: case Xapian::Query::OP_XOR:
            for (size_t i = 0; i < n; i++) parts.push_back(make(q.get_subquery(i), in_filter));
            return of(op == Xapian::Query::OP_XOR ? xc_rule::XOR : xc_rule::OR, std::move(parts));
        default: // phrases, NEARs: the words' (no marker stands in one)
            return doc(q);
        }
    }
    // The rule of q, which holds no marker: where its words are in a
    // passage.  An OR, a synonym: any of them; an XOR: one side's; a
    // phrase, a NEAR and (in passage mode) an AND: all of them; else (an
    // AND of words, NOT, +word) the document matches q and the passage
    // holds any of the words it asks for.  A word no passage holds (a title's, a stopword)
    // is the document's.
    xc_rule words(const Xapian::Query &q) const {
        auto op = q.get_type();
        size_t n = q.get_num_subqueries();
        std::vector<xc_rule> parts;
        switch (op) {
        case Xapian::Query::LEAF_TERM: {
            const std::string t = *q.get_terms_begin();
            if (!in_passages(t)) return doc(q);
            return {xc_rule::TERM, t, {}, {}, nullptr};
        }
        case Xapian::Query::OP_OR: case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
        case Xapian::Query::OP_ELITE_SET:
            for (size_t i = 0; i < n; i++) parts.push_back(words(q.get_subquery(i)));
            return parts.empty() ? doc(q) : of(xc_rule::OR, std::move(parts));
        case Xapian::Query::OP_XOR: // passage by passage, as a marker's XOR
            for (size_t i = 0; i < n; i++) parts.push_back(words(q.get_subquery(i)));
            return parts.empty() ? doc(q) : of(xc_rule::XOR, std::move(parts));
        case Xapian::Query::OP_PHRASE: case Xapian::Query::OP_NEAR:
            for (size_t i = 0; i < n; i++) parts.push_back(words(q.get_subquery(i)));
            return parts.empty() ? doc(q) : of(xc_rule::AND, std::move(parts));
        case Xapian::Query::OP_AND:
            if (passage) {
                for (size_t i = 0; i < n; i++) parts.push_back(words(q.get_subquery(i)));
                return parts.empty() ? doc(q) : of(xc_rule::AND, std::move(parts));
            }
            break;
        default:
            break;
        }
        std::vector<std::string> asked;
        asked_words(q, asked);
        if (asked.empty()) return doc(q);
        for (const auto &t : asked) parts.push_back({xc_rule::TERM, t, {}, {}, nullptr});
        std::vector<xc_rule> both{doc(q), of(xc_rule::OR, std::move(parts))};
        return of(xc_rule::AND, std::move(both));
    }
    // The words q asks for that a passage can hold: not what NOT excludes,
    // nor a filter's terms.
    void asked_words(const Xapian::Query &q, std::vector<std::string> &out) const {
        auto op = q.get_type();
        size_t n = q.get_num_subqueries();
        if (op == Xapian::Query::LEAF_TERM) {
            const std::string t = *q.get_terms_begin();
            if (in_passages(t) && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
            return;
        }
        if (op == Xapian::Query::OP_SCALE_WEIGHT && zero(q)) return; // a filter
        bool left_only = op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER;
        for (size_t i = 0; i < n && (i == 0 || !left_only); i++) asked_words(q.get_subquery(i), out);
    }
};

// The passage of each of the document's passages (first positions
// `starts`) where `r` holds.
std::vector<unsigned char> told(xc_rule &r, Xapian::Database &db, bool remote,
                                Xapian::docid did, const unsigned *starts, size_t n) {
    std::vector<unsigned char> in(n, 0);
    switch (r.kind) {
    case xc_rule::TERM:
        for (auto p = db.positionlist_begin(did, r.term); p != db.positionlist_end(did, r.term);
             ++p) {
            const unsigned *at = std::upper_bound(starts, starts + n, *p);
            if (at != starts) in[static_cast<size_t>(at - starts) - 1] = 1;
        }
        return in;
    case xc_rule::DOC: { // whether the document is one of its matches, found once
        if (!r.matches) {
            std::shared_ptr<roaring_bitmap_t> set(roaring_bitmap_create(), roaring_bitmap_free);
            if (!set) throw std::bad_alloc();
            add_matches(db, remote, r.doc, 0, set.get());
            r.matches = set;
        }
        std::fill(in.begin(), in.end(), roaring_bitmap_contains(r.matches.get(), did));
        return in;
    }
    default:
        break;
    }
    in = told(r.parts[0], db, remote, did, starts, n);
    for (size_t k = 1; k < r.parts.size(); k++) {
        std::vector<unsigned char> next = told(r.parts[k], db, remote, did, starts, n);
        for (size_t i = 0; i < n; i++)
            in[i] = r.kind == xc_rule::AND       ? (in[i] & next[i])
                    : r.kind == xc_rule::OR      ? (in[i] | next[i])
                    : r.kind == xc_rule::XOR     ? (in[i] ^ next[i])
                                                 : (in[i] & !next[i]);
    }
    return in;
}

}  // namespace

extern "C" {

xc_status xc_query_passage_rule(const xc_query *q, const char *const *prefixes,
                                size_t n_prefixes, int passage, xc_rule **rule,
                                xc_query **relaxed, xc_error *err) {
    if (!q || (!prefixes && n_prefixes) || !rule || !relaxed)
        return bad_arg(err, "q, prefixes, rule or relaxed");
    *rule = nullptr;
    *relaxed = nullptr;
    return guarded(err, [&] {
        Rule r{std::vector<std::string>(prefixes, prefixes + n_prefixes), passage != 0};
        if (!r.needed(q->q)) return;
        std::unique_ptr<xc_query> out(new xc_query(*q));
        out->q = r.relaxed(q->q);
        std::unique_ptr<xc_rule> made(new xc_rule(r.make(q->q, false)));
        *relaxed = out.release();
        *rule = made.release();
    });
}

void xc_rule_free(xc_rule *rule) {
    try {
        delete rule;
    } catch (...) {
    }
}

xc_status xc_rule_apply(xc_rule *rule, xc_rdb *db, unsigned docid, const unsigned *starts,
                        size_t n, unsigned char *ok, xc_error *err) {
    if (!rule || !db || (!starts && n) || (!ok && n)) return bad_arg(err, "rule, db, starts or ok");
    return guarded(err, [&] {
        std::vector<unsigned char> in = told(*rule, db->db, db->remote, docid, starts, n);
        std::copy(in.begin(), in.end(), ok);
    });
}

}  // extern "C"
