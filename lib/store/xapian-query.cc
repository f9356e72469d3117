// xapian-query.cc: the query parser (filters through C mappings,
// wildcards over the spelling dictionary, synonyms inside phrases) and the
// rewriting of parsed queries: passage scope and proximity.

#include "xapian-internal.hh"

using namespace xcw;

namespace {

// Boolean filter whose value passes through a C mapping function first
// (so that authority:"West Sussex" and authority:west-sussex agree).
class MappedFilter : public Xapian::FieldProcessor {
    std::string prefix;
    xc_value_map map;
    void *ctx;

  public:
    MappedFilter(const char *prefix_, xc_value_map map_, void *ctx_)
        : prefix(prefix_), map(map_), ctx(ctx_) {}
    Xapian::Query operator()(const std::string &value) override {
        if (!map) return Xapian::Query(prefix + value);
        char *mapped = map(ctx, value.c_str());
        if (!mapped) return Xapian::Query(prefix + value);
        std::string term = prefix + mapped;
        std::free(mapped);
        return Xapian::Query(term);
    }
};

// field:root* for a free-text field, rewritten by rewrite_wildcards() to
// WILDCARD_FIELD + field + ":" + root: the stems of every word in the
// spelling dictionary that begins with root.  Xapian 1.4's own wildcards
// expand over unstemmed terms, which STEM_ALL_Z does not index.
const char *const WILDCARD_FIELD = "xwildcard";

//
// Bounded (xc_qparser_set_max_expansion): the stems of all the wildcards
// of one query together may not exceed qp->max_expansion terms; past it
// the query fails with a Xapian::WildcardError (XC_ERR_LIMIT) as it is
// parsed, not after minutes.
class WildcardField : public Xapian::FieldProcessor {
    const xc_qparser *owner; // outlives its parser's field processors
    size_t *expanded;
    std::string prefix;
    Xapian::Stem english{ENGLISH};

  public:
    WildcardField(xc_qparser *qp, const std::string &p)
        : owner(qp), expanded(&qp->expanded), prefix(p) {}
    Xapian::Query operator()(const std::string &pattern) override {
        const std::string root = Xapian::Unicode::tolower(pattern); // as the parser's words
        const unsigned max = owner->max_expansion;
        std::vector<Xapian::Query> stems;
        std::unordered_set<std::string> seen;
        auto add = [&](const std::string &term) {
            if (!seen.insert(term).second) return;
            if (max && ++*expanded > max)
                throw Xapian::WildcardError("the wildcards expand to more than " +
                                            std::to_string(max) + " terms");
            stems.emplace_back(term);
        };
        const Xapian::Database &db = owner->db; // as follow() left it
        Xapian::TermIterator it = db.spellings_begin();
        for (it.skip_to(root); it != db.spellings_end(); ++it) {
            const std::string word = *it;
            if (word.compare(0, root.size(), root) != 0) break;
            add("Z" + prefix + english(word));
        }
        // Stems that begin with root: words only in titles.  Listed here
        // rather than left to OP_WILDCARD, which over several shards is
        // expanded shard by shard and weighed by each shard's own
        // statistics: the shards would not rank as one database.
        const Xapian::Database &terms = owner->stems_only ? owner->stems : db;
        const std::string from = "Z" + prefix + root;
        for (auto t = terms.allterms_begin(from); t != terms.allterms_end(from); ++t) add(*t);
        // Over remote shards, whose spelling dictionaries are out of reach
        // (xapian-tcpsrv serves none): a word that begins with root and
        // stems shorter stems to root's own stem ("policies": "polici") or
        // to a prefix of root ("commissioning": "commiss"), where the
        // shards hold them.  Not every stem that begins with root's stem:
        // police* would find "policy" ("polici").
        if (owner->stems_only) {
            const std::string stem = english(root);
            std::vector<std::string> shorter{stem};
            for (size_t k = stem.size(); k < root.size(); k++) shorter.push_back(root.substr(0, k));
            for (const std::string &s : shorter)
                if (terms.term_exists("Z" + prefix + s)) add("Z" + prefix + s);
        }
        return Xapian::Query(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    }
};

bool word_byte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Rewrites each field:root* and root* outside quotes, for a free-text
// field, as the WildcardField that expands it (see above).
std::string rewrite_wildcards(const std::string &text, const std::vector<std::string> &fields) {
    std::string out;
    bool quoted = false;
    size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"') quoted = !quoted;
        bool boundary = i == 0 || !word_byte(static_cast<unsigned char>(text[i - 1]));
        if (quoted || !boundary || !word_byte(c)) {
            out += text[i++];
            continue;
        }
        size_t end = i;
        while (end < text.size() && word_byte(static_cast<unsigned char>(text[end]))) ++end;
        std::string field, root = text.substr(i, end - i);
        size_t root_end = end;
        if (end < text.size() && text[end] == ':') { // field:root*
            field = root;
            size_t r = end + 1;
            while (r < text.size() && word_byte(static_cast<unsigned char>(text[r]))) ++r;
            root = text.substr(end + 1, r - end - 1);
            root_end = r;
        }
        bool wild = !root.empty() && root_end < text.size() && text[root_end] == '*' &&
                    (root_end + 1 == text.size() ||
                     !word_byte(static_cast<unsigned char>(text[root_end + 1]))) &&
                    std::find(fields.begin(), fields.end(), field) != fields.end();
        if (wild) {
            out += WILDCARD_FIELD + field + ":" + root + " ";
            i = root_end + 1;
        } else {
            out.append(text, i, end - i);
            i = end;
        }
    }
    return out;
}

// The query the user wrote, from one rewrite_wildcards() made (for the
// corrected query string).
std::string restore_wildcards(const std::string &text, const std::vector<std::string> &fields) {
    std::string out = text;
    for (const std::string &field : fields) {
        const std::string mark = WILDCARD_FIELD + field + ":";
        for (size_t at = out.find(mark); at != std::string::npos; at = out.find(mark, at)) {
            if (at > 0 && word_byte(static_cast<unsigned char>(out[at - 1]))) {
                at += mark.size();
                continue;
            }
            size_t r = at + mark.size();
            while (r < out.size() && word_byte(static_cast<unsigned char>(out[r]))) ++r;
            std::string root = out.substr(at + mark.size(), r - at - mark.size());
            std::string back = (field.empty() ? "" : field + ":") + root + "*";
            size_t cut = r < out.size() && out[r] == ' ' ? r + 1 : r;
            out.replace(at, cut - at, back);
            at += back.size();
        }
    }
    return out;
}

}  // namespace

extern "C" {

/* ---- query parser ---- */

xc_status xc_qparser_new(xc_rdb *db, xc_qparser **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        xc_qparser *h = new xc_qparser{};
        h->qp.set_stemmer(Xapian::Stem(ENGLISH));
        // Stems everywhere, phrases too: the index has nothing else.
        h->qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        // Like grep and notmuch: every word must match unless OR is said.
        h->qp.set_default_op(Xapian::Query::OP_AND);
        if (db) {
            h->qp.set_database(db->db);
            h->db = db->db;
            h->has_db = true;
            h->source = db;
            h->source_reopens = db->reopens;
        }
        h->fields.push_back("");
        h->qp.add_prefix(WILDCARD_FIELD, (new WildcardField(h, ""))->release());
        *out = h;
    });
}

xc_status xc_qparser_stems_from(xc_qparser *qp, xc_rdb *shards, xc_error *err) {
    if (!qp || !shards) return bad_arg(err, "qp or shards");
    return guarded(err, [&] {
        qp->stems = shards->db;
        qp->stems_only = true;
        qp->stems_source = shards;
        qp->stems_reopens = shards->reopens;
    });
}

void xc_qparser_free(xc_qparser *qp) {
    try {
        delete qp;
    } catch (...) {
    }
}

xc_status xc_qparser_add_prefix(xc_qparser *qp, const char *field, const char *prefix,
                                xc_error *err) {
    if (!qp || !field || !prefix) return bad_arg(err, "qp, field or prefix");
    return guarded(err, [&] {
        qp->qp.add_prefix(field, prefix);
        if (std::find(qp->fields.begin(), qp->fields.end(), field) == qp->fields.end()) {
            qp->qp.add_prefix(WILDCARD_FIELD + std::string(field),
                              (new WildcardField(qp, prefix))->release());
            qp->fields.push_back(field);
        }
    });
}

xc_status xc_qparser_add_filter(xc_qparser *qp, const char *field, const char *prefix,
                                xc_value_map map, void *ctx, xc_error *err) {
    if (!qp || !field || !prefix) return bad_arg(err, "qp, field or prefix");
    return guarded(err, [&] {
        qp->qp.add_boolean_prefix(field, (new MappedFilter(prefix, map, ctx))->release());
    });
}

xc_status xc_qparser_add_number_range(xc_qparser *qp, unsigned slot, const char *field,
                                      xc_error *err) {
    if (!qp || !field) return bad_arg(err, "qp or field");
    return guarded(err, [&] {
        qp->qp.add_rangeprocessor(
            (new Xapian::NumberRangeProcessor(slot, std::string(field) + ":"))->release());
    });
}

xc_status xc_qparser_add_date_range(xc_qparser *qp, unsigned slot, const char *field,
                                    xc_error *err) {
    if (!qp || !field) return bad_arg(err, "qp or field");
    return guarded(err, [&] {
        qp->qp.add_rangeprocessor(
            (new Xapian::DateRangeProcessor(slot, std::string(field) + ":"))->release());
    });
}

}  // extern "C": C++ helpers, internal to this file

namespace {

// The operators a parse's rewrites (below) look inside, rebuilding them
// from their subqueries: those that take their subqueries as they are.
bool rewritten_within(Xapian::Query::op op) {
    switch (op) {
    case Xapian::Query::OP_AND: case Xapian::Query::OP_OR: case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR: case Xapian::Query::OP_AND_MAYBE: case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
        return true;
    default:
        return false;
    }
}

void make_phrase_synonyms(xc_qparser *qp) {
    qp->phrase_synonyms_made = true;
    Xapian::Stem english(ENGLISH);
    for (auto k = qp->db.synonym_keys_begin(); k != qp->db.synonym_keys_end(); ++k) {
        const std::string key = *k;
        if (key.find(' ') == std::string::npos) continue;
        std::string stems;
        size_t start = 0;
        while (start <= key.size()) {
            size_t end = key.find(' ', start);
            if (end == std::string::npos) end = key.size();
            if (end > start) stems += (stems.empty() ? "Z" : " Z") + english(key.substr(start, end - start));
            start = end + 1;
        }
        auto &syn = qp->phrase_synonyms[stems];
        for (auto t = qp->db.synonyms_begin(key); t != qp->db.synonyms_end(key); ++t)
            if (std::find(syn.begin(), syn.end(), *t) == syn.end()) syn.push_back(*t);
    }
}

// q with each quoted phrase that is a multi-word synonym key also finding
// its synonyms, as an unquoted one does ("education health and care plan"
// finds EHCP).
Xapian::Query phrase_synonyms(const xc_qparser *qp, const Xapian::Query &q) {
    auto op = q.get_type();
    size_t n = q.get_num_subqueries();
    if (op == Xapian::Query::OP_PHRASE) {
        std::string stems;
        for (size_t i = 0; i < n; i++) {
            std::string t;
            Xapian::Query sub = q.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM) return q;
            t = *sub.get_terms_begin();
            stems += (i ? " " : "") + t;
        }
        auto it = qp->phrase_synonyms.find(stems);
        if (it == qp->phrase_synonyms.end()) return q;
        std::vector<Xapian::Query> alts{q};
        for (const auto &t : it->second) alts.emplace_back(t);
        return Xapian::Query(Xapian::Query::OP_SYNONYM, alts.begin(), alts.end());
    }
    if (!rewritten_within(op)) return q;
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < n; i++) subs.push_back(phrase_synonyms(qp, q.get_subquery(i)));
    return Xapian::Query(op, subs.begin(), subs.end());
}

// The window a PHRASE or NEAR was made with (the parser's NEAR/n and a
// phrase's length; Xapian 1.4 shows it only in the description:
// "Query((Zspeech@1 PHRASE 4 Zand@2 PHRASE 4 ...))").
Xapian::termcount window_of(const Xapian::Query &q) {
    const std::string d = q.get_description();
    const std::string name = q.get_type() == Xapian::Query::OP_PHRASE ? " PHRASE " : " NEAR ";
    int depth = 0;
    for (size_t i = 0; i < d.size(); i++) {
        if (d[i] == '(') depth++;
        if (d[i] == ')') depth--;
        if (depth == 2 && d.compare(i, name.size(), name) == 0)
            return static_cast<Xapian::termcount>(std::strtoul(d.c_str() + i + name.size(), nullptr, 10));
    }
    return static_cast<Xapian::termcount>(q.get_num_subqueries());
}

// q with the stopwords of each phrase and NEAR left out, its window kept:
// they have no positions (schema_stopwords), so that "speech and language
// therapy" is speech, language and therapy in order within four positions.
// A phrase of stopwords alone is where they all are.
Xapian::Query without_stopwords(const Xapian::Query &q, bool &changed) {
    auto op = q.get_type();
    size_t n = q.get_num_subqueries();
    if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) {
        std::vector<Xapian::Query> kept, all;
        for (size_t i = 0; i < n; i++) {
            Xapian::Query sub = q.get_subquery(i);
            all.push_back(sub);
            if (sub.get_type() != Xapian::Query::LEAF_TERM || !unpositioned(*sub.get_terms_begin()))
                kept.push_back(sub);
        }
        if (kept.size() == n) return q;
        changed = true;
        if (kept.size() > 1) return Xapian::Query(op, kept.begin(), kept.end(), window_of(q));
        if (kept.size() == 1) return kept[0];
        return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
    }
    if (!rewritten_within(op)) return q;
    std::vector<Xapian::Query> subs;
    bool any = false;
    for (size_t i = 0; i < n; i++) subs.push_back(without_stopwords(q.get_subquery(i), any));
    if (!any) return q;
    changed = true;
    return Xapian::Query(op, subs.begin(), subs.end());
}

// What a parse gives: q as the parser wrote it, and without the
// stopwords it cannot match by position.
xc_query *parsed(const Xapian::Query &q) {
    bool changed = false;
    Xapian::Query matched = without_stopwords(q, changed);
    return new xc_query{matched, changed ? q : Xapian::Query()};
}

}  // namespace

extern "C" {

// The parser's handles as its databases' now: xc_rdb_reopen may have
// opened a directory swapped in at the path afresh (a rebuild, a
// compaction), which the copies made earlier do not see (a server's
// suggestions and wildcards would read the old files until restarted);
// the phrase synonyms are made again from the new revision's.
static void follow(xc_qparser *qp) {
    if (qp->source && qp->source->reopens != qp->source_reopens) {
        qp->db = qp->source->db;
        qp->qp.set_database(qp->db);
        qp->phrase_synonyms.clear();
        qp->phrase_synonyms_made = false;
        qp->source_reopens = qp->source->reopens;
    }
    if (qp->stems_source && qp->stems_source->reopens != qp->stems_reopens) {
        qp->stems = qp->stems_source->db;
        qp->stems_reopens = qp->stems_source->reopens;
    }
}

// text parsed as xc_qparser_parse says; with spelling, Xapian also works
// out a correction of every word (a trigram walk of the spelling
// dictionary each, a tenth of a short query's instructions), which only
// xc_qparser_correct wants.
static Xapian::Query parse(xc_qparser *qp, const char *text, bool spelling) {
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    if (spelling && qp->has_db) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
    if (qp->synonyms) flags |= Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    follow(qp);
    qp->expanded = 0;
    Xapian::Query q = qp->qp.parse_query(rewrite_wildcards(text, qp->fields), flags);
    if (qp->synonyms && qp->has_db) {
        if (!qp->phrase_synonyms_made) make_phrase_synonyms(qp);
        q = phrase_synonyms(qp, q);
    }
    return q;
}

xc_status xc_qparser_parse(xc_qparser *qp, const char *text, xc_query **out, xc_error *err) {
    if (!qp || !text || !out) return bad_arg(err, "qp, text or out");
    return guarded(err, [&] { *out = parsed(parse(qp, text, false)); });
}

xc_status xc_qparser_correct(xc_qparser *qp, const char *text, char **out, xc_error *err) {
    if (!qp || !text || !out) return bad_arg(err, "qp, text or out");
    *out = nullptr;
    return guarded(err, [&] {
        parse(qp, text, true);
        const std::string fixed = qp->qp.get_corrected_query_string();
        // Xapian escapes the corrected string for HTML ("&lt;"): undo it
        *out = c_copy(fixed.empty() ? fixed : html_unescape(restore_wildcards(fixed, qp->fields)));
    });
}

xc_status xc_qparser_set_max_expansion(xc_qparser *qp, unsigned max, xc_error *err) {
    if (!qp) return bad_arg(err, "qp");
    return guarded(err, [&] {
        qp->max_expansion = max;
        qp->qp.set_max_expansion(max, Xapian::Query::WILDCARD_LIMIT_ERROR);
    });
}

xc_status xc_qparser_synonyms(xc_qparser *qp, int on, xc_error *err) {
    if (!qp) return bad_arg(err, "qp");
    qp->synonyms = on != 0;
    return ok(err);
}

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

void walk_words(const Xapian::Query &q, bool in_phrase, unsigned *phrase, xc_phrase_fn fn,
                void *ctx) {
    auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        std::string t = *q.get_terms_begin();
        bool marker = t.compare(0, 2, "XK") == 0 || t.compare(0, 3, "XTH") == 0;
        if (positional(t) && !marker)
            fn(ctx, in_phrase ? static_cast<int>(*phrase) : -1, t.c_str());
        return;
    }
    if (op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_FILTER) {
        // what is excluded or only filters is not what a passage shows
        if (q.get_num_subqueries()) walk_words(q.get_subquery(0), in_phrase, phrase, fn, ctx);
        return;
    }
    bool starts = op == Xapian::Query::OP_PHRASE && !in_phrase;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        walk_words(q.get_subquery(i), in_phrase || starts, phrase, fn, ctx);
    if (starts) ++*phrase;
}

}  // namespace

xc_status xc_query_words(const xc_query *q, xc_phrase_fn fn, void *ctx, xc_error *err) {
    if (!q || !fn) return bad_arg(err, "q or fn");
    return guarded(err, [&] {
        unsigned phrase = 0;
        walk_words(q->written.empty() ? q->q : q->written, false, &phrase, fn, ctx);
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

xc_status xc_qparser_parse_loose(xc_qparser *qp, const char *text, xc_query **out,
                                 xc_error *err) {
    if (!qp || !text || !out) return bad_arg(err, "qp, text or out");
    return guarded(err, [&] {
        follow(qp);
        qp->qp.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query q;
        try {
            q = qp->qp.parse_query(text, 0);
        } catch (...) {
            qp->qp.set_default_op(Xapian::Query::OP_AND);
            throw;
        }
        qp->qp.set_default_op(Xapian::Query::OP_AND);
        *out = parsed(q);
    });
}

}  // extern "C"

/* ---- passage scope (see schema.h: passages and their markers) ---- */

namespace {

bool positional(const std::string &t) {
    // stems (Z...), concepts (XY) and passage markers (XK, XTH) have positions
    return !t.empty() && (t[0] == 'Z' || t.compare(0, 2, "XY") == 0 ||
                          t.compare(0, 2, "XK") == 0 || t.compare(0, 3, "XTH") == 0);
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

// The words under q (phrases' words, synonym groups), for a NEAR that
// keeps q's words in one passage.
void leaves(const Xapian::Query &q, std::vector<Xapian::Query> &out) {
    if (nearable(q)) {
        out.push_back(near_part(q));
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
    Xapian::Query rewrite(const Xapian::Query &q, bool top) const {
        auto op = q.get_type();
        size_t n = q.get_num_subqueries();
        switch (op) {
        case Xapian::Query::OP_FILTER:
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
            return leaf_term(q, nullptr) ? scoped(q) : q;
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
// by which of prefixes they begin with.
void find_markers(const Xapian::Query &q, bool in_filter, const std::vector<std::string> &prefixes,
                  std::vector<std::vector<Xapian::Query>> &groups,
                  std::vector<std::pair<size_t, std::string>> &found) {
    auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        if (!in_filter) return;
        std::string t = *q.get_terms_begin();
        for (size_t g = 0; g < prefixes.size(); g++)
            if (t.compare(0, prefixes[g].size(), prefixes[g]) == 0) {
                groups[g].emplace_back(t);
                found.emplace_back(g, t);
            }
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
        s.next_group = static_cast<unsigned>(pre.size());
        for (auto &g : groups)
            if (!g.empty()) s.groups.push_back(g);
        const std::string kind_prefix = PREFIX_KIND;
        for (size_t g = 0; g < pre.size(); g++)
            if (pre[g] == kind_prefix && !groups[g].empty() && s.groups.size() == 1 && !s.passage)
                for (const auto &m : groups[g])
                    s.kinds.push_back((*m.get_terms_begin()).substr(kind_prefix.size()));
        for (const auto &f : found)
            if (fn) fn(ctx, static_cast<unsigned>(f.first), f.second.c_str());
        *out = new xc_query{s.groups.empty() && !s.passage ? q->q : s.rewrite(q->q, true)};
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

xc_status xc_qparser_default_any(xc_qparser *qp, int any, xc_error *err) {
    if (!qp) return bad_arg(err, "qp");
    return guarded(err, [&] {
        qp->qp.set_default_op(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    });
}

xc_status xc_qparser_stopwords(xc_qparser *qp, const char *const *words, size_t n,
                               xc_error *err) {
    if (!qp || (!words && n)) return bad_arg(err, "qp or words");
    return guarded(err, [&] {
        qp->qp.set_stopper((new Xapian::SimpleStopper(words, words + n))->release());
    });
}

}  // extern "C"
