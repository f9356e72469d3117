// xapian-parser.cc: the query parser: filters through C mappings,
// wildcards over the spelling dictionary, synonyms inside phrases,
// stopwords left out where a phrase cannot match them by position.

#include "xapian-internal.hh"

#include "normalise.h"

using namespace xcw;

namespace {

// Boolean filter whose value passes through a C mapping function first
// (so that authority:"West Sussex" and authority:west-sussex agree).
class MappedFilter : public Xapian::FieldProcessor {
    xc_qparser *owner; // outlives its parser's field processors
    std::string prefix;
    xc_value_map map;
    void *ctx;

  public:
    MappedFilter(xc_qparser *qp, const char *prefix_, xc_value_map map_, void *ctx_)
        : owner(qp), prefix(prefix_), map(map_), ctx(ctx_) {}
    Xapian::Query operator()(const std::string &value) override {
        if (!map) return Xapian::Query(prefix + value);
        char *mapped = map(ctx, value.c_str());
        if (!mapped) return Xapian::Query(prefix + value);
        std::string term = prefix + mapped;
        std::free(mapped);
        // "root*": every value that starts with root (the map checked
        // that one does); a filter's values are few.  Listed, not left to
        // OP_WILDCARD, so that a passage's markers are seen as such
        // (theme:mental* at --level passage scopes as theme:mental-health)
        if (!term.empty() && term.back() == '*') {
            term.pop_back();
            const xc_rdb *listed = owner->stems ? owner->stems : owner->db;
            if (!listed)
                return Xapian::Query(Xapian::Query::OP_WILDCARD, term, 0,
                                     Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_OR);
            std::vector<Xapian::Query> values;
            // counted with the words' wildcards (xc_qparser_set_max_expansion):
            // file:* would be a term a document.  Past the limit the parse
            // fails once it is over (parse()): thrown from here, through
            // Xapian's parser of a boolean filter, an error leaked its term
            const unsigned max = owner->max_expansion;
            for (auto t = listed->db.allterms_begin(term); t != listed->db.allterms_end(term); ++t) {
                if (max && ++owner->expanded > max) {
                    owner->filters_over = true;
                    break;
                }
                values.emplace_back(*t);
            }
            if (values.empty()) return Xapian::Query(term);
            return values.size() == 1 ? values[0]
                                      : Xapian::Query(Xapian::Query::OP_OR, values.begin(), values.end());
        }
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
        if (owner->db) {
            const Xapian::Database &db = owner->db->db;
            Xapian::TermIterator it = db.spellings_begin();
            for (it.skip_to(root); it != db.spellings_end(); ++it) {
                const std::string word = *it;
                if (word.compare(0, root.size(), root) != 0) break;
                add("Z" + prefix + english(word));
            }
        }
        // Stems that begin with root: words only in titles.  Listed here
        // rather than left to OP_WILDCARD, which over several shards is
        // expanded shard by shard and weighed by each shard's own
        // statistics: the shards would not rank as one database.
        const xc_rdb *listed = owner->stems ? owner->stems : owner->db;
        const std::string from = "Z" + prefix + root;
        if (listed)
            for (auto t = listed->db.allterms_begin(from); t != listed->db.allterms_end(from); ++t)
                add(*t);
        // Over remote shards, whose spelling dictionaries are out of reach
        // (xapian-tcpsrv serves none): a word that begins with root and
        // stems shorter stems to root's own stem ("policies": "polici") or
        // to a prefix of root ("commissioning": "commiss"), where the
        // shards hold them.  Not every stem that begins with root's stem:
        // police* would find "policy" ("polici").
        if (owner->stems) {
            const std::string stem = english(root);
            std::vector<std::string> shorter{stem};
            for (size_t k = stem.size(); k < root.size(); k++) shorter.push_back(root.substr(0, k));
            for (const std::string &s : shorter)
                if (owner->stems->db.term_exists("Z" + prefix + s)) add("Z" + prefix + s);
        }
        // No word begins so: a term no document holds (root's own would
        // have been listed), so that the wildcard matches nothing as a
        // word does, and `speech AND zzq*` finds nothing instead of the
        // empty query Xapian makes of an empty synonym (an AND of it is
        // empty too: "the query holds no word")
        if (stems.empty()) return Xapian::Query(from);
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
    // the field of each bracket open: title:(peer*) is title:peer*, not a
    // body word (a filter's bracket, FILTER_BRACKET, leaves its * to it)
    const std::string FILTER_BRACKET(1, '\x01');
    std::vector<std::string> brackets;
    std::string opening; // the field just before a "("
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '(') {
            brackets.push_back(!opening.empty() ? opening : brackets.empty() ? "" : brackets.back());
            opening.clear();
        } else if (!quoted && c == ')' && !brackets.empty()) {
            brackets.pop_back();
        }
        bool boundary = i == 0 || !word_byte(static_cast<unsigned char>(text[i - 1]));
        // a * this rewrite does not take (a wildcard's is consumed with
        // it): Xapian would drop it and search what is left
        if (c == '*' && i > 0 && word_byte(static_cast<unsigned char>(text[i - 1])) && quoted)
            throw Xapian::QueryParserError("a wildcard does not work inside a phrase: write "
                                           "the phrase's words in full, or the wildcard outside quotes");
        if (c == '*' && !quoted && i + 1 < text.size() &&
            word_byte(static_cast<unsigned char>(text[i + 1])))
            throw Xapian::QueryParserError("a wildcard's * goes at the end of a word "
                                           "(commission*), not before or inside it");
        if (c == '*' && !quoted && (i == 0 || !word_byte(static_cast<unsigned char>(text[i - 1]))))
            throw Xapian::QueryParserError("a * alone is no wildcard: it goes at the end of "
                                           "a word's first letters (commission*)");
        if (quoted || !boundary || !word_byte(c)) {
            out += text[i++];
            continue;
        }
        size_t end = i;
        while (end < text.size() && word_byte(static_cast<unsigned char>(text[end]))) ++end;
        std::string field, root = text.substr(i, end - i);
        size_t root_end = end;
        bool own_field = end < text.size() && text[end] == ':';
        if (own_field) { // field:root*
            field = root;
            size_t r = end + 1;
            while (r < text.size() && word_byte(static_cast<unsigned char>(text[r]))) ++r;
            root = text.substr(end + 1, r - end - 1);
            root_end = r;
            if (root.empty() && r < text.size() && text[r] == '(') // field:( ... )
                opening = std::find(fields.begin(), fields.end(), field) != fields.end()
                              ? field : FILTER_BRACKET;
        } else if (!brackets.empty()) { // a word of a field's bracket
            field = brackets.back();
        }
        // a hyphenated word's wildcard ("co-prod*") is its parts' joined
        // form's, which the index holds (xapian-compounds.cc)
        size_t hyphened = root_end;
        while (hyphened + 1 < text.size() && text[hyphened] == '-' &&
               word_byte(static_cast<unsigned char>(text[hyphened + 1]))) {
            ++hyphened;
            while (hyphened < text.size() && word_byte(static_cast<unsigned char>(text[hyphened])))
                ++hyphened;
        }
        if (hyphened != root_end && hyphened < text.size() && text[hyphened] == '*') {
            root += text.substr(root_end, hyphened - root_end);
            root.erase(std::remove(root.begin(), root.end(), '-'), root.end());
            root_end = hyphened;
        }
        bool wild = !root.empty() && root_end < text.size() && text[root_end] == '*' &&
                    (root_end + 1 == text.size() ||
                     !word_byte(static_cast<unsigned char>(text[root_end + 1]))) &&
                    std::find(fields.begin(), fields.end(), field) != fields.end();
        if (wild) {
            out += WILDCARD_FIELD + field + ":" + root + " ";
            i = root_end + 1;
        } else if (own_field) { // a filter's value is its own, a * in it too
            out.append(text, i, root_end - i);
            i = root_end;
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

// Xapian's parser, when a query does not fit its grammar, parses it a
// second time with every operator read as a word and says nothing
// (QueryParser::parse_query): `for -speech` found the documents with
// speech, `speech NEAR (language OR communication)` the four words ORed.
// Such a parse is the one without flags; a query whose operators had
// their meaning parses otherwise wherever it uses one that changes the
// answer: a -word (not a stopword), a phrase of two words or more, NEAR or
// ADJ, NOT or XOR, and the AND or OR that is not the default.  These are
// found in the text as Xapian's lexer finds them (at the start of a word,
// outside quotes; operators in capitals, as words of their own).
enum Operators { HATE = 1, PHRASE = 2, PROXIMITY = 4, BOOLEAN = 8, DISTANCE = 16 };

unsigned operators_used(const std::string &text, Xapian::Query::op default_op,
                        const std::unordered_set<std::string> &stopwords) {
    unsigned used = 0;
    size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '"') { // a phrase of two words or more, not a filter's value
            const bool value = i > 0 && text[i - 1] == ':';
            size_t close = text.find('"', i + 1);
            std::string inside = text.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
            // words apart by spaces: "foo:bar" or "e.g" is a phrase in the
            // flagless parse too (Xapian joins words by such characters)
            size_t words = 0;
            for (size_t k = 0; k < inside.size();) {
                while (k < inside.size() && std::isspace(static_cast<unsigned char>(inside[k]))) k++;
                size_t from = k;
                bool word = false;
                while (k < inside.size() && !std::isspace(static_cast<unsigned char>(inside[k])))
                    word |= word_byte(static_cast<unsigned char>(inside[k++]));
                if (k > from && word) words++;
            }
            if (words >= 2 && !value) used |= PHRASE;
            if (close == std::string::npos) break;
            i = close + 1;
            continue;
        }
        const bool start = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '(';
        if (!start || std::isspace(c)) {
            i++;
            continue;
        }
        size_t end = i;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '"') end++;
        const std::string word = text.substr(i, end - i);
        if (c == '-' && word.size() > 1 && word_byte(static_cast<unsigned char>(word[1]))) {
            size_t w = 1;
            while (w < word.size() && word_byte(static_cast<unsigned char>(word[w]))) w++;
            if (!stopwords.count(Xapian::Unicode::tolower(word.substr(1, w - 1)))) used |= HATE;
        }
        const std::string op = word.substr(0, word.find('/'));
        if (op == "NEAR" || op == "ADJ") used |= PROXIMITY;
        if (norm_bad_distance(word.data(), word.size())) used |= DISTANCE; // read as words

        if (word == "NOT" || word == "XOR") used |= BOOLEAN;
        if (word == "AND" && default_op != Xapian::Query::OP_AND) used |= BOOLEAN;
        if (word == "OR" && default_op != Xapian::Query::OP_OR) used |= BOOLEAN;
        i = end;
    }
    return used;
}

// Why a query whose operators Xapian could not read is refused.
std::string unread_operators(unsigned used) {
    if (used & DISTANCE)
        return "NEAR/N and ADJ/N take a number of words from 1 (speech NEAR/3 therapy)";
    if (used & PROXIMITY)
        return "NEAR and ADJ go between two words (speech NEAR therapy, speech NEAR/3 "
               "therapy), not a phrase, a bracket or a wildcard";
    return "its operators do not fit together: each needs a word, phrase or filter on both "
           "sides, and - goes before a word (-speech)";
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
            h->db = db;
            h->db_reopens = db->reopens;
        }
        h->fields.push_back("");
        h->qp.add_prefix(WILDCARD_FIELD, (new WildcardField(h, ""))->release());
        *out = h;
    });
}

xc_status xc_qparser_stems_from(xc_qparser *qp, xc_rdb *shards, xc_error *err) {
    if (!qp || !shards) return bad_arg(err, "qp or shards");
    return guarded(err, [&] {
        qp->stems = shards;
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
        qp->qp.add_boolean_prefix(field, (new MappedFilter(qp, prefix, map, ctx))->release());
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

// The operators a parse's rewrites (below) look inside, rebuilding them
// from their subqueries: those that take their subqueries as they are.
bool xcw::rewritten_within(Xapian::Query::op op) {
    switch (op) {
    case Xapian::Query::OP_AND: case Xapian::Query::OP_OR: case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR: case Xapian::Query::OP_AND_MAYBE: case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX:
        return true;
    default:
        return false;
    }
}

namespace {

void make_phrase_synonyms(xc_qparser *qp) {
    qp->phrase_synonyms_made = true;
    Xapian::Stem english(ENGLISH);
    const Xapian::Database &db = qp->db->db;
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
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
        for (auto t = db.synonyms_begin(key); t != db.synonyms_end(key); ++t)
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

}  // namespace

// The window a PHRASE or NEAR was made with (the parser's NEAR/n and a
// phrase's length; Xapian 1.4 shows it only in the description:
// "Query((Zspeech@1 PHRASE 4 Zand@2 PHRASE 4 ...))").
Xapian::termcount xcw::window_of(const Xapian::Query &q) {
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

namespace {

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

// q without the synonym groups that Xapian 1.4's parser makes of words
// that begin a multi-word synonym key but end before it: "early help"
// (of "early help assessment") came as SYNONYM(early OR help), one word
// as frequent as either, so both weighed almost nothing.  A group that
// holds a synonym has two subqueries or more, and is kept.
Xapian::Query without_lone_synonyms(const Xapian::Query &q) {
    auto op = q.get_type();
    size_t n = q.get_num_subqueries();
    if (op == Xapian::Query::OP_SYNONYM && n == 1) {
        Xapian::Query sub = q.get_subquery(0);
        auto inner = sub.get_type();
        if (inner == Xapian::Query::OP_OR || inner == Xapian::Query::OP_AND)
            return without_lone_synonyms(sub);
    }
    if (!rewritten_within(op)) return q;
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < n; i++) subs.push_back(without_lone_synonyms(q.get_subquery(i)));
    return Xapian::Query(op, subs.begin(), subs.end());
}

// q, parsed from text, with its compounds' joined forms, where the
// searched databases (the remote shards' too) hold them.
Xapian::Query compounds(const xc_qparser *qp, const std::string &text, const Xapian::Query &q) {
    const xc_rdb *terms = qp->stems ? qp->stems : qp->db;
    return terms ? joined_compounds(qp->qp, terms->db, hyphenated_words(text), q) : q;
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

// Xapian's parser given its database's handle again once xc_rdb_reopen
// moved it: a directory swapped in at the path (a rebuild, a compaction)
// is a new handle, which the copy it was given does not see (a server's
// suggestions would read the old files until restarted); the phrase
// synonyms are made again from the new revision's.
static void follow(xc_qparser *qp) {
    if (!qp->db || qp->db->reopens == qp->db_reopens) return;
    qp->qp.set_database(qp->db->db);
    qp->phrase_synonyms.clear();
    qp->phrase_synonyms_made = false;
    qp->db_reopens = qp->db->reopens;
}

// text parsed as xc_qparser_parse says; with spelling, Xapian also works
// out a correction of every word (a trigram walk of the spelling
// dictionary each, a tenth of a short query's instructions), which only
// xc_qparser_correct wants.
static Xapian::Query parse(xc_qparser *qp, const char *text, bool spelling) {
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                     Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    if (spelling && qp->db) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
    if (qp->synonyms) flags |= Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    follow(qp);
    std::string rewritten = rewrite_wildcards(text, qp->fields);
    const unsigned used = operators_used(rewritten, qp->qp.get_default_op(), qp->stopwords);
    // what Xapian gives a query it cannot read (see operators_used):
    // parsed first, so that the parser's state is the query's own
    Xapian::Query flat;
    if (used) {
        qp->expanded = 0;
        flat = qp->qp.parse_query(rewritten, flags & (Xapian::QueryParser::FLAG_CJK_NGRAM |
                                                      Xapian::QueryParser::FLAG_NO_POSITIONS));
    }
    qp->expanded = 0;
    qp->filters_over = false;
    Xapian::Query q;
    try {
        q = qp->qp.parse_query(rewritten, flags);
    } catch (const Xapian::UnimplementedError &) { // NEAR around a wildcard or a group
        throw Xapian::QueryParserError(unread_operators(PROXIMITY));
    }
    if (qp->filters_over) // a filter's wildcard values past the limit (MappedFilter)
        throw Xapian::WildcardError("the wildcards expand to more than " +
                                    std::to_string(qp->max_expansion) + " terms");
    if (used && q.get_description() == flat.get_description())
        throw Xapian::QueryParserError(unread_operators(used));
    if (qp->synonyms) q = without_lone_synonyms(q);
    q = compounds(qp, Xapian::Unicode::tolower(text), q);
    if (qp->synonyms && qp->db) {
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
        *out = parsed(compounds(qp, Xapian::Unicode::tolower(text), q));
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
        qp->stopwords = std::unordered_set<std::string>(words, words + n);
    });
}

}  // extern "C"
