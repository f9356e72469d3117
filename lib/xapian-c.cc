// xapian-c.cc: the C API of xapian-c.h over libxapian.  The only C++ file in
// scrutiny.  Every entry point runs what may throw inside guarded() (or,
// where it returns early, its own `catch (...) { return fail(err); }`), and
// fail() rethrows to map the exception, most specific class first, so that
// no exception can reach C.

#include "xapian-c.h"
#include "schema.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct xc_rdb { Xapian::Database db; };
struct xc_wdb { Xapian::WritableDatabase db; };
struct xc_doc {
    Xapian::Document doc;
    // Its body's words and how often each occurs: the index holds only
    // their stems, the spelling dictionary wants the words.
    std::unordered_map<std::string, unsigned> words;
};
struct xc_termgen;
struct xc_qparser {
    Xapian::QueryParser qp;
    Xapian::Database db; // whose spelling dictionary expands wildcards
    std::vector<std::string> fields; // free-text fields: "" and add_prefix()'s
    bool has_db = false;
    bool synonyms = false;
};
struct xc_query { Xapian::Query q; };
struct xc_mset { Xapian::MSet mset; };

namespace {

const char *const ENGLISH = "english";

xc_status set_error(xc_error *err, xc_status status, const char *what, const std::string &msg) {
    if (err) {
        err->status = status;
        if (what && *what)
            std::snprintf(err->message, sizeof err->message, "%s: %s", what, msg.c_str());
        else
            std::snprintf(err->message, sizeof err->message, "%s", msg.c_str());
        // Xapian messages can span lines; callers print one line.
        for (char *p = err->message; *p; ++p)
            if (*p == '\n' || *p == '\r') *p = ' ';
    }
    return status;
}

xc_status xerr(xc_error *err, xc_status status, const Xapian::Error &e) {
    std::string msg = e.get_msg();
    if (e.get_error_string() && *e.get_error_string())
        msg += std::string(" (") + e.get_error_string() + ")";
    return set_error(err, status, e.get_type(), msg);
}

// Called only from inside a catch block: rethrows and maps the exception.
xc_status fail(xc_error *err) {
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return xerr(err, XC_ERR_LOCKED, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return xerr(err, XC_ERR_MODIFIED, e);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return xerr(err, XC_ERR_NOT_FOUND, e);
    } catch (const Xapian::DatabaseVersionError &e) {
        return xerr(err, XC_ERR_VERSION, e);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return xerr(err, XC_ERR_OPENING, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return xerr(err, XC_ERR_CORRUPT, e);
    } catch (const Xapian::QueryParserError &e) {
        return xerr(err, XC_ERR_QUERY_SYNTAX, e);
    } catch (const Xapian::DocNotFoundError &e) {
        return xerr(err, XC_ERR_DOC_NOT_FOUND, e);
    } catch (const Xapian::NetworkError &e) {
        return xerr(err, XC_ERR_NETWORK, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return xerr(err, XC_ERR_INVALID, e);
    } catch (const Xapian::InvalidOperationError &e) {
        return xerr(err, XC_ERR_INVALID, e);
    } catch (const Xapian::Error &e) {
        return xerr(err, XC_ERR_OTHER, e);
    } catch (const std::bad_alloc &) {
        return set_error(err, XC_ERR_NO_MEMORY, "", "out of memory");
    } catch (const std::exception &e) {
        return set_error(err, XC_ERR_OTHER, "C++ exception", e.what());
    } catch (...) {
        return set_error(err, XC_ERR_OTHER, "", "unknown C++ exception");
    }
}

xc_status ok(xc_error *err) {
    if (err) {
        err->status = XC_OK;
        err->message[0] = '\0';
    }
    return XC_OK;
}

// Runs body, the part of an entry point that may throw, and turns what it
// throws into an error value: every entry point's try/catch, in one place.
template <typename Body>
xc_status guarded(xc_error *err, Body body) {
    try {
        body();
        return ok(err);
    } catch (...) {
        return fail(err);
    }
}

xc_status bad_arg(xc_error *err, const char *what) {
    return set_error(err, XC_ERR_INVALID, "", std::string(what) + " is NULL");
}

// A malloc()ed NUL-terminated copy, for strings handed to C.
char *c_copy(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

// Undo the HTML escaping MSet::snippet() applies: our output is plain text.
std::string html_unescape(const std::string &s) {
    static const struct { const char *ent; char ch; } ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
        {"&#39;", '\''}, {"&apos;", '\''}};
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        bool done = false;
        if (s[i] == '&') {
            for (const auto &e : ents) {
                size_t n = std::strlen(e.ent);
                if (s.compare(i, n, e.ent) == 0) {
                    out += e.ch;
                    i += n;
                    done = true;
                    break;
                }
            }
        }
        if (!done) out += s[i++];
    }
    return out;
}

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

}  // namespace

namespace {

// The values of one match, each slot read at most once however many
// counters ask (each read is a value-stream lookup).
class MatchValues {
  public:
    explicit MatchValues(const Xapian::Document &doc) : doc_(doc) {}
    const std::string &get(Xapian::valueno slot) {
        if (slot >= CACHED) {
            spill_ = doc_.get_value(slot);
            return spill_;
        }
        if (!(read_ & (1u << slot))) {
            values_[slot] = doc_.get_value(slot);
            read_ |= 1u << slot;
        }
        return values_[slot];
    }

  private:
    static const Xapian::valueno CACHED = 16;
    const Xapian::Document &doc_;
    std::string values_[CACHED];
    std::string spill_;
    unsigned read_ = 0;
};

// Splits "a\nb\na" into its distinct values.
std::vector<std::string> split_values(const std::string &all, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < all.size()) {
        size_t end = all.find(sep, start);
        if (end == std::string::npos) end = all.size();
        if (end > start) out.emplace_back(all, start, end - start);
        start = end + 1;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

// What the enquire's one match spy hands every match to.
struct xc_counter {
    virtual ~xc_counter() {}
    virtual void see(MatchValues &values) = 0;
};

// Counts facet values in a slot holding several values joined by `sep`,
// a document once under each distinct value.  Xapian's ValueCountMatchSpy
// would count "a\nb" as one value.
struct xc_facetspy : public xc_counter {
    Xapian::valueno slot;
    char sep;
    std::unordered_map<std::string, uint32_t> value_ids;
    std::vector<std::string> values;
    std::vector<Xapian::doccount> counts; // by value id
    std::vector<std::pair<std::string, Xapian::doccount>> sorted;
    Xapian::doccount seen = 0;
    bool dirty = false;

    xc_facetspy(Xapian::valueno slot_, char sep_) : slot(slot_), sep(sep_) {}

    uint32_t value_id(const std::string &v) {
        auto it = value_ids.find(v);
        if (it != value_ids.end()) return it->second;
        uint32_t id = static_cast<uint32_t>(values.size());
        value_ids.emplace(v, id);
        values.push_back(v);
        counts.push_back(0);
        return id;
    }

    void see(MatchValues &mv) override {
        ++seen;
        dirty = true;
        const std::string &all = mv.get(slot);
        if (all.empty()) return;
        for (const auto &v : split_values(all, sep)) ++counts[value_id(v)];
    }

    // by count, descending, then by value
    void sort_results() {
        if (!dirty) return;
        sorted.clear();
        for (size_t i = 0; i < values.size(); i++) sorted.emplace_back(values[i], counts[i]);
        std::sort(sorted.begin(), sorted.end(),
                  [](const std::pair<std::string, Xapian::doccount> &a,
                     const std::pair<std::string, Xapian::doccount> &b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                  });
        dirty = false;
    }
};

// Pairs of values of two multi-valued slots, a document once per pair.
struct xc_matrixspy : public xc_counter {
    Xapian::valueno a, b;
    char sep;
    std::map<std::pair<std::string, std::string>, Xapian::doccount> counts;

    xc_matrixspy(Xapian::valueno a_, Xapian::valueno b_, char sep_) : a(a_), b(b_), sep(sep_) {}

    void see(MatchValues &mv) override {
        for (const auto &va : split_values(mv.get(a), sep))
            for (const auto &vb : split_values(mv.get(b), sep)) ++counts[std::make_pair(va, vb)];
    }
};

namespace {

// The one match spy an enquire has: reads each match's values once and
// hands them to every counter.
class Counters : public Xapian::MatchSpy {
  public:
    void add(xc_counter *c) { counters_.push_back(c); }
    bool empty() const { return counters_.empty(); }
    void operator()(const Xapian::Document &doc, double) override {
        MatchValues mv(doc);
        for (xc_counter *c : counters_) c->see(mv);
    }

  private:
    std::vector<xc_counter *> counters_;
};

// Only the stems of plain words ("Z", then lower case or digits: not a
// field's prefix) make a good expansion.
class PlainWords : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &term) const override {
        return term.size() > 3 && term[0] == 'Z' &&
               (std::islower(static_cast<unsigned char>(term[1])) ||
                std::isdigit(static_cast<unsigned char>(term[1])) ||
                static_cast<unsigned char>(term[1]) >= 0x80);
    }
};

// English stemming that also counts each word it is given in `words`
// (when set): the term generator keeps only stems (STEM_ALL_Z), so this
// is where the body's words are seen for the spelling dictionary without
// tokenising twice.
class CountingStemmer : public Xapian::StemImplementation {
    Xapian::Stem english{ENGLISH};

  public:
    std::unordered_map<std::string, unsigned> *words = nullptr;
    std::string operator()(const std::string &word) override {
        if (words) ++(*words)[word];
        return english(word);
    }
    std::string get_description() const override { return "english, counting words"; }
};

// field:root* for a free-text field, rewritten by rewrite_wildcards() to
// WILDCARD_FIELD + field + ":" + root: the stems of every word in the
// spelling dictionary that begins with root.  Xapian 1.4's own wildcards
// expand over unstemmed terms, which STEM_ALL_Z does not index.
const char *const WILDCARD_FIELD = "xwildcard";

class WildcardField : public Xapian::FieldProcessor {
    Xapian::Database db;
    std::string prefix;
    Xapian::Stem english{ENGLISH};

  public:
    WildcardField(const Xapian::Database &d, const std::string &p) : db(d), prefix(p) {}
    Xapian::Query operator()(const std::string &pattern) override {
        const std::string root = Xapian::Unicode::tolower(pattern); // as the parser's words
        std::vector<Xapian::Query> stems;
        std::unordered_set<std::string> seen;
        Xapian::TermIterator it = db.spellings_begin();
        for (it.skip_to(root); it != db.spellings_end(); ++it) {
            const std::string word = *it;
            if (word.compare(0, root.size(), root) != 0) break;
            std::string term = "Z" + prefix + english(word);
            if (seen.insert(term).second) stems.emplace_back(term);
        }
        // Stems that begin with root: all there is through remote shards,
        // which have no spelling dictionary, and words only in titles.
        stems.emplace_back(Xapian::Query::OP_WILDCARD, "Z" + prefix + root);
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

struct xc_termgen {
    Xapian::TermGenerator tg;
    CountingStemmer *stemmer = nullptr; // owned by tg's Xapian::Stem
    xc_doc *doc = nullptr;
};

struct xc_enquire {
    Counters counters; // declared first: the enquire points to it until destroyed
    Xapian::Enquire enq;
    explicit xc_enquire(const Xapian::Database &db) : enq(db) {}
    void add_counter(xc_counter *c) {
        if (counters.empty()) enq.add_matchspy(&counters);
        counters.add(c);
    }
};

namespace {

// Runs index(prefix) with the body's words (no prefix) counted into the
// document's words, as STEM_SOME indexed them unstemmed before.
template <typename F> void index_counting(xc_termgen *tg, const char *prefix, F index) {
    const std::string p = prefix ? prefix : "";
    tg->stemmer->words = p.empty() && tg->doc ? &tg->doc->words : nullptr;
    try {
        index(p);
    } catch (...) {
        tg->stemmer->words = nullptr;
        throw;
    }
    tg->stemmer->words = nullptr;
}

}  // namespace

extern "C" {

const char *xc_status_name(xc_status status) {
    switch (status) {
    case XC_OK: return "ok";
    case XC_ERR_NOT_FOUND: return "not-found";
    case XC_ERR_OPENING: return "opening";
    case XC_ERR_VERSION: return "version";
    case XC_ERR_LOCKED: return "locked";
    case XC_ERR_MODIFIED: return "modified";
    case XC_ERR_CORRUPT: return "corrupt";
    case XC_ERR_QUERY_SYNTAX: return "query-syntax";
    case XC_ERR_DOC_NOT_FOUND: return "doc-not-found";
    case XC_ERR_INVALID: return "invalid";
    case XC_ERR_NETWORK: return "network";
    case XC_ERR_NO_MEMORY: return "no-memory";
    case XC_ERR_OTHER: return "other";
    }
    return "unknown";
}

const char *xc_xapian_version(void) { return Xapian::version_string(); }

/* ---- read-only databases ---- */

xc_status xc_rdb_open(const char *path, xc_rdb **out, xc_error *err) {
    if (!path || !out) return bad_arg(err, "path or out");
    return guarded(err, [&] {
        xc_rdb *h = new xc_rdb{Xapian::Database(path)};
        *out = h;
    });
}

xc_status xc_rdb_add(xc_rdb *db, const char *path, xc_error *err) {
    if (!db || !path) return bad_arg(err, "db or path");
    return guarded(err, [&] {
        db->db.add_database(Xapian::Database(path));
    });
}

xc_status xc_rdb_remote(xc_rdb **db, const char *host, unsigned port, xc_error *err) {
    if (!db || !host) return bad_arg(err, "db or host");
    return guarded(err, [&] {
        Xapian::Database remote = Xapian::Remote::open(host, port);
        if (*db)
            (*db)->db.add_database(remote);
        else
            *db = new xc_rdb{remote};
    });
}

xc_status xc_rdb_synonyms(const char *dir, const char *const *keys, const char *const *terms,
                          size_t n, xc_rdb **out, xc_error *err) {
    if (!dir || (!keys && n) || (!terms && n) || !out) return bad_arg(err, "dir, keys or out");
    return guarded(err, [&] {
        {
            Xapian::WritableDatabase w(dir, Xapian::DB_CREATE_OR_OVERWRITE);
            for (size_t i = 0; i < n; i++) w.add_synonym(keys[i], terms[i]);
            w.commit();
        }
        *out = new xc_rdb{Xapian::Database(dir)};
    });
}

xc_status xc_rdb_remote_program(xc_rdb **db, const char *program, const char *args,
                                xc_error *err) {
    if (!db || !program || !args) return bad_arg(err, "db, program or args");
    return guarded(err, [&] {
        Xapian::Database remote = Xapian::Remote::open(program, args);
        if (*db)
            (*db)->db.add_database(remote);
        else
            *db = new xc_rdb{remote};
    });
}

xc_status xc_rdb_reopen(xc_rdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        db->db.reopen();
    });
}

void xc_rdb_close(xc_rdb *db) {
    try {
        delete db;
    } catch (...) {
    }
}

xc_status xc_rdb_doccount(xc_rdb *db, unsigned *out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = db->db.get_doccount();
    });
}

xc_status xc_rdb_get_metadata(xc_rdb *db, const char *key, char **out, xc_error *err) {
    if (!db || !key || !out) return bad_arg(err, "db, key or out");
    return guarded(err, [&] {
        *out = c_copy(db->db.get_metadata(key));
    });
}

xc_status xc_rdb_termfreq(xc_rdb *db, const char *term, unsigned *out, xc_error *err) {
    if (!db || !term || !out) return bad_arg(err, "db, term or out");
    return guarded(err, [&] {
        *out = db->db.get_termfreq(term);
    });
}

xc_status xc_rdb_find_term(xc_rdb *db, const char *term, unsigned *docid, xc_error *err) {
    if (!db || !term || !docid) return bad_arg(err, "db, term or docid");
    try {
        auto it = db->db.postlist_begin(term);
        if (it == db->db.postlist_end(term))
            return set_error(err, XC_ERR_DOC_NOT_FOUND, "", std::string("no document has term ") + term);
        *docid = *it;
        return ok(err);
    } catch (...) {
        return fail(err);
    }
}

xc_status xc_rdb_get_document(xc_rdb *db, unsigned docid, xc_doc **out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = new xc_doc{db->db.get_document(docid), {}};
    });
}

/* ---- writable databases ---- */

xc_status xc_wdb_open(const char *path, xc_wdb_mode mode, xc_wdb **out, xc_error *err) {
    if (!path || !out) return bad_arg(err, "path or out");
    return guarded(err, [&] {
        int action = (mode & XC_WDB_OPEN)        ? Xapian::DB_OPEN
                     : (mode & XC_WDB_OVERWRITE) ? Xapian::DB_CREATE_OR_OVERWRITE
                                                 : Xapian::DB_CREATE_OR_OPEN;
        if (mode & XC_WDB_WAIT) action |= Xapian::DB_RETRY_LOCK;
        *out = new xc_wdb{Xapian::WritableDatabase(path, action)};
    });
}

xc_status xc_wdb_close(xc_wdb *db, xc_error *err) {
    if (!db) return ok(err);
    xc_status st = XC_OK;
    try {
        db->db.close();
        ok(err);
    } catch (...) {
        st = fail(err);
    }
    try {
        delete db;
    } catch (...) {
    }
    return st;
}

xc_status xc_wdb_doccount(xc_wdb *db, unsigned *out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = db->db.get_doccount();
    });
}

xc_status xc_wdb_add(xc_wdb *db, const xc_doc *doc, unsigned *docid, xc_error *err) {
    if (!db || !doc) return bad_arg(err, "db or doc");
    return guarded(err, [&] {
        Xapian::docid id = db->db.add_document(doc->doc);
        if (docid) *docid = id;
    });
}

xc_status xc_doc_move_words(xc_doc *to, xc_doc *from, xc_error *err) {
    if (!to || !from) return bad_arg(err, "to or from");
    return guarded(err, [&] {
        if (to != from) {
            for (const auto &w : from->words) to->words[w.first] += w.second;
            from->words.clear();
        }
    });
}

xc_status xc_wdb_add_spellings(xc_wdb *db, const xc_doc *doc, xc_error *err) {
    if (!db || !doc) return bad_arg(err, "db or doc");
    return guarded(err, [&] {
        for (const auto &w : doc->words) db->db.add_spelling(w.first, w.second);
    });
}

xc_status xc_wdb_replace(xc_wdb *db, const char *unique_term, const xc_doc *doc,
                         unsigned *docid, xc_error *err) {
    if (!db || !unique_term || !doc) return bad_arg(err, "db, unique_term or doc");
    return guarded(err, [&] {
        Xapian::docid id = db->db.replace_document(unique_term, doc->doc);
        if (docid) *docid = id;
    });
}

xc_status xc_wdb_delete(xc_wdb *db, const char *term, xc_error *err) {
    if (!db || !term) return bad_arg(err, "db or term");
    return guarded(err, [&] {
        db->db.delete_document(term);
    });
}

xc_status xc_wdb_commit(xc_wdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        db->db.commit();
    });
}

xc_status xc_wdb_begin(xc_wdb *db, int flushed, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        db->db.begin_transaction(flushed != 0);
    });
}

xc_status xc_wdb_commit_transaction(xc_wdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        db->db.commit_transaction();
    });
}

xc_status xc_wdb_cancel_transaction(xc_wdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        db->db.cancel_transaction();
    });
}

xc_status xc_wdb_add_synonym(xc_wdb *db, const char *key, const char *value, xc_error *err) {
    if (!db || !key || !value) return bad_arg(err, "db, key or value");
    return guarded(err, [&] {
        db->db.add_synonym(key, value);
    });
}

static unsigned count_terms(const Xapian::Database &db, const char *prefix) {
    unsigned n = 0;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++n;
    return n;
}

xc_status xc_wdb_count_terms(xc_wdb *db, const char *prefix, unsigned *out, xc_error *err) {
    if (!db || !prefix || !out) return bad_arg(err, "db, prefix or out");
    return guarded(err, [&] {
        *out = count_terms(db->db, prefix);
    });
}

xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value,
                              xc_error *err) {
    if (!db || !key || !value) return bad_arg(err, "db, key or value");
    return guarded(err, [&] {
        db->db.set_metadata(key, value);
    });
}

xc_status xc_wdb_each_metadata(xc_wdb *db, const char *prefix, xc_meta_fn fn, void *ctx,
                               xc_error *err) {
    if (!db || !prefix || !fn) return bad_arg(err, "db, prefix or fn");
    return guarded(err, [&] {
        // collect first: fn may change the metadata
        std::vector<std::pair<std::string, std::string>> items;
        for (auto it = db->db.metadata_keys_begin(prefix); it != db->db.metadata_keys_end(prefix);
             ++it)
            items.emplace_back(*it, db->db.get_metadata(*it));
        for (const auto &kv : items)
            if (fn(ctx, kv.first.c_str(), kv.second.c_str())) break;
    });
}

xc_status xc_wdb_get_metadata(xc_wdb *db, const char *key, char **out, xc_error *err) {
    if (!db || !key || !out) return bad_arg(err, "db, key or out");
    return guarded(err, [&] {
        *out = c_copy(db->db.get_metadata(key));
    });
}

/* ---- documents ---- */

xc_status xc_doc_new(xc_doc **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        *out = new xc_doc{};
    });
}

void xc_doc_free(xc_doc *doc) {
    try {
        delete doc;
    } catch (...) {
    }
}

xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len, xc_error *err) {
    if (!doc || (!data && len)) return bad_arg(err, "doc or data");
    return guarded(err, [&] {
        doc->doc.set_data(std::string(data ? data : "", len));
    });
}

xc_status xc_doc_get_data(xc_doc *doc, char **out, size_t *len, xc_error *err) {
    if (!doc || !out) return bad_arg(err, "doc or out");
    return guarded(err, [&] {
        std::string data = doc->doc.get_data();
        *out = c_copy(data);
        if (len) *len = data.size();
    });
}

xc_status xc_doc_add_term(xc_doc *doc, const char *term, unsigned wdf, xc_error *err) {
    if (!doc || !term) return bad_arg(err, "doc or term");
    return guarded(err, [&] {
        doc->doc.add_term(term, wdf);
    });
}

xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, xc_error *err) {
    if (!doc || !term) return bad_arg(err, "doc or term");
    return guarded(err, [&] {
        doc->doc.add_boolean_term(term);
    });
}

xc_status xc_doc_add_posting(xc_doc *doc, const char *term, unsigned pos, xc_error *err) {
    if (!doc || !term) return bad_arg(err, "doc or term");
    return guarded(err, [&] {
        doc->doc.add_posting(term, pos);
    });
}

xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len,
                           xc_error *err) {
    if (!doc || (!value && len)) return bad_arg(err, "doc or value");
    return guarded(err, [&] {
        doc->doc.add_value(slot, std::string(value ? value : "", len));
    });
}

xc_status xc_doc_get_value(xc_doc *doc, unsigned slot, char **out, size_t *len,
                           xc_error *err) {
    if (!doc || !out) return bad_arg(err, "doc or out");
    return guarded(err, [&] {
        std::string v = doc->doc.get_value(slot);
        *out = c_copy(v);
        if (len) *len = v.size();
    });
}

size_t xc_sortable_serialise(double value, char buf[9]) {
    try {
        std::string s = Xapian::sortable_serialise(value);
        size_t n = std::min<size_t>(s.size(), 9);
        std::memcpy(buf, s.data(), n);
        return n;
    } catch (...) {
        return 0;
    }
}

/* ---- term generator ---- */

xc_status xc_termgen_new(xc_termgen **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        xc_termgen *h = new xc_termgen{};
        h->stemmer = new CountingStemmer;
        h->tg.set_stemmer(Xapian::Stem(h->stemmer));
        // Stems only, with positions: half the (term, passage) pairs of
        // STEM_SOME's exact word + stem, and those pairs are most of the
        // cost of writing and the size of the index (bench/, issue 7).
        h->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        *out = h;
    });
}

void xc_termgen_free(xc_termgen *tg) {
    try {
        delete tg;
    } catch (...) {
    }
}

xc_status xc_termgen_set_document(xc_termgen *tg, xc_doc *doc, xc_error *err) {
    if (!tg || !doc) return bad_arg(err, "tg or doc");
    return guarded(err, [&] {
        tg->tg.set_document(doc->doc);
        tg->doc = doc;
    });
}

xc_status xc_termgen_index(xc_termgen *tg, const char *text, size_t len, const char *prefix,
                           xc_error *err) {
    if (!tg || (!text && len)) return bad_arg(err, "tg or text");
    return guarded(err, [&] {
        index_counting(tg, prefix, [&](const std::string &p) {
            tg->tg.index_text(std::string(text ? text : "", len), 1, p);
        });
    });
}

xc_status xc_termgen_index_words(xc_termgen *tg, const char *text, size_t len,
                                 const char *prefix, xc_error *err) {
    if (!tg || (!text && len)) return bad_arg(err, "tg or text");
    return guarded(err, [&] {
        index_counting(tg, prefix, [&](const std::string &p) {
            tg->tg.index_text_without_positions(std::string(text ? text : "", len), 1, p);
        });
    });
}

xc_status xc_termgen_get_pos(xc_termgen *tg, unsigned *pos, xc_error *err) {
    if (!tg || !pos) return bad_arg(err, "tg or pos");
    return guarded(err, [&] {
        *pos = tg->tg.get_termpos();
    });
}

xc_status xc_termgen_set_pos(xc_termgen *tg, unsigned pos, xc_error *err) {
    if (!tg) return bad_arg(err, "tg");
    return guarded(err, [&] {
        tg->tg.set_termpos(pos);
    });
}

xc_status xc_termgen_gap(xc_termgen *tg, xc_error *err) {
    if (!tg) return bad_arg(err, "tg");
    return guarded(err, [&] {
        tg->tg.increase_termpos(100);
    });
}

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
        }
        h->fields.push_back("");
        h->qp.add_prefix(WILDCARD_FIELD, (new WildcardField(h->db, ""))->release());
        *out = h;
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
                              (new WildcardField(qp->db, prefix))->release());
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

xc_status xc_qparser_parse(xc_qparser *qp, const char *text, xc_query **out, xc_error *err) {
    if (!qp || !text || !out) return bad_arg(err, "qp, text or out");
    return guarded(err, [&] {
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                         Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        if (qp->has_db) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
        if (qp->synonyms) flags |= Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
        *out = new xc_query{qp->qp.parse_query(rewrite_wildcards(text, qp->fields), flags)};
    });
}

xc_status xc_qparser_synonyms(xc_qparser *qp, int on, xc_error *err) {
    if (!qp) return bad_arg(err, "qp");
    qp->synonyms = on != 0;
    return ok(err);
}

xc_status xc_qparser_corrected(xc_qparser *qp, char **out, xc_error *err) {
    if (!qp || !out) return bad_arg(err, "qp or out");
    return guarded(err, [&] {
        const std::string fixed = qp->qp.get_corrected_query_string();
        // Xapian escapes the corrected string for HTML ("&lt;"): undo it
        *out = c_copy(fixed.empty() ? fixed : html_unescape(restore_wildcards(fixed, qp->fields)));
    });
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
        *out = new xc_query{q->q};
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
        qp->qp.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query q;
        try {
            q = qp->qp.parse_query(text, 0);
        } catch (...) {
            qp->qp.set_default_op(Xapian::Query::OP_AND);
            throw;
        }
        qp->qp.set_default_op(Xapian::Query::OP_AND);
        *out = new xc_query{q};
    });
}

/* ---- enquire, results ---- */

xc_status xc_enquire_new(xc_rdb *db, xc_enquire **out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = new xc_enquire(db->db);
    });
}

void xc_enquire_free(xc_enquire *enq) {
    try {
        delete enq;
    } catch (...) {
    }
}

xc_status xc_enquire_bm25(xc_enquire *enq, double k1, double b, xc_error *err) {
    if (!enq) return bad_arg(err, "enq");
    return guarded(err, [&] {
        enq->enq.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
    });
}

xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q, xc_error *err) {
    if (!enq || !q) return bad_arg(err, "enq or q");
    return guarded(err, [&] {
        enq->enq.set_query(q->q);
    });
}

xc_status xc_enquire_sort_by_value(xc_enquire *enq, int slot, int descending, xc_error *err) {
    if (!enq) return bad_arg(err, "enq");
    return guarded(err, [&] {
        if (slot < 0)
            enq->enq.set_sort_by_relevance();
        else
            enq->enq.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(slot),
                                                      descending != 0);
    });
}

xc_status xc_enquire_collapse(xc_enquire *enq, unsigned slot, xc_error *err) {
    if (!enq) return bad_arg(err, "enq");
    return guarded(err, [&] {
        enq->enq.set_collapse_key(slot);
    });
}

xc_status xc_enquire_add_spy(xc_enquire *enq, xc_facetspy *spy, xc_error *err) {
    if (!enq || !spy) return bad_arg(err, "enq or spy");
    return guarded(err, [&] {
        enq->add_counter(spy);
    });
}

xc_status xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max,
                          unsigned check_at_least, xc_mset **out, xc_error *err) {
    if (!enq || !out) return bad_arg(err, "enq or out");
    return guarded(err, [&] {
        *out = new xc_mset{enq->enq.get_mset(first, max, check_at_least)};
    });
}

void xc_mset_free(xc_mset *m) {
    try {
        delete m;
    } catch (...) {
    }
}

unsigned xc_mset_size(const xc_mset *m) { return m ? m->mset.size() : 0; }

unsigned xc_mset_estimate(const xc_mset *m) {
    return m ? m->mset.get_matches_estimated() : 0;
}

xc_status xc_mset_fetch(xc_mset *m, xc_error *err) {
    if (!m) return bad_arg(err, "m");
    return guarded(err, [&] {
        m->mset.fetch();
    });
}

xc_status xc_mset_count(xc_mset *m, xc_facetspy *const *spies, size_t n, xc_matrixspy *matrix,
                        xc_error *err) {
    if (!m || (!spies && n)) return bad_arg(err, "m or spies");
    return guarded(err, [&] {
        Counters counters;
        for (size_t i = 0; i < n; i++)
            if (spies[i]) counters.add(spies[i]);
        if (matrix) counters.add(matrix);
        for (auto it = m->mset.begin(); it != m->mset.end(); ++it)
            counters(it.get_document(), it.get_weight());
    });
}

int xc_mset_exact(const xc_mset *m) {
    return m && m->mset.get_matches_lower_bound() == m->mset.get_matches_upper_bound();
}

xc_status xc_mset_item(xc_mset *m, unsigned i, unsigned *docid, double *weight, xc_doc **doc,
                       xc_error *err) {
    if (!m) return bad_arg(err, "m");
    try {
        if (i >= m->mset.size())
            return set_error(err, XC_ERR_INVALID, "", "result index out of range");
        Xapian::MSetIterator it = m->mset[i];
        if (doc) *doc = new xc_doc{it.get_document(), {}};
        if (docid) *docid = *it;
        if (weight) *weight = it.get_weight();
        return ok(err);
    } catch (...) {
        return fail(err);
    }
}

xc_status xc_mset_snippet(xc_mset *m, const char *text, size_t len, size_t length,
                          const char *hi_start, const char *hi_end, const char *omit,
                          char **out, xc_error *err) {
    if (!m || (!text && len) || !out) return bad_arg(err, "m, text or out");
    return guarded(err, [&] {
        std::string s = m->mset.snippet(std::string(text ? text : "", len), length,
                                        Xapian::Stem(ENGLISH),
                                        Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                            Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                        hi_start ? hi_start : "", hi_end ? hi_end : "",
                                        omit ? omit : "");
        *out = c_copy(html_unescape(s));
    });
}

xc_status xc_enquire_expand(xc_enquire *enq, const unsigned *docids, size_t n, unsigned max,
                            xc_word_fn fn, void *ctx, xc_error *err) {
    if (!enq || (!docids && n) || !fn) return bad_arg(err, "enq, docids or fn");
    return guarded(err, [&] {
        Xapian::RSet rset;
        for (size_t i = 0; i < n; i++) rset.add_document(docids[i]);
        PlainWords decider;
        Xapian::ESet eset = enq->enq.get_eset(max, rset, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            std::string term = *it;
            fn(ctx, term.c_str(), it.get_weight());
        }
    });
}

/* ---- facet counting ---- */

xc_status xc_matrixspy_new(unsigned slot_a, unsigned slot_b, char sep, xc_matrixspy **out,
                           xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        *out = new xc_matrixspy(slot_a, slot_b, sep);
    });
}

void xc_matrixspy_free(xc_matrixspy *spy) {
    try {
        delete spy;
    } catch (...) {
    }
}

xc_status xc_enquire_add_matrix(xc_enquire *enq, xc_matrixspy *spy, xc_error *err) {
    if (!enq || !spy) return bad_arg(err, "enq or spy");
    return guarded(err, [&] {
        enq->add_counter(spy);
    });
}

void xc_matrixspy_each(const xc_matrixspy *spy, xc_pair_fn fn, void *ctx) {
    if (!spy || !fn) return;
    for (const auto &c : spy->counts) fn(ctx, c.first.first.c_str(), c.first.second.c_str(), c.second);
}

xc_status xc_facetspy_new(unsigned slot, char sep, xc_facetspy **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] {
        *out = new xc_facetspy(slot, sep);
    });
}

void xc_facetspy_free(xc_facetspy *spy) {
    try {
        delete spy;
    } catch (...) {
    }
}

unsigned xc_facetspy_size(const xc_facetspy *spy) {
    if (!spy) return 0;
    try {
        const_cast<xc_facetspy *>(spy)->sort_results();
    } catch (...) {
        return 0;
    }
    return static_cast<unsigned>(spy->sorted.size());
}

unsigned xc_facetspy_seen(const xc_facetspy *spy) { return spy ? spy->seen : 0; }

void xc_facetspy_get(const xc_facetspy *spy, unsigned i, const char **value, unsigned *count) {
    if (!spy || i >= xc_facetspy_size(spy)) {
        if (value) *value = NULL;
        if (count) *count = 0;
        return;
    }
    if (value) *value = spy->sorted[i].first.c_str();
    if (count) *count = spy->sorted[i].second;
}

/* ---- test hook ---- */

xc_status xc_debug_raise(const char *kind, xc_error *err) {
    if (!kind) return bad_arg(err, "kind");
    return guarded(err, [&] {
        std::string k = kind;
        if (k == "lock") throw Xapian::DatabaseLockError("test");
        if (k == "modified") throw Xapian::DatabaseModifiedError("test");
        if (k == "notfound") throw Xapian::DatabaseNotFoundError("test");
        if (k == "opening") throw Xapian::DatabaseOpeningError("test");
        if (k == "version") throw Xapian::DatabaseVersionError("test");
        if (k == "corrupt") throw Xapian::DatabaseCorruptError("test");
        if (k == "queryparser") throw Xapian::QueryParserError("test");
        if (k == "docnotfound") throw Xapian::DocNotFoundError("test");
        if (k == "invalid") throw Xapian::InvalidArgumentError("test");
        if (k == "network") throw Xapian::NetworkError("test");
        if (k == "xapian") throw Xapian::UnimplementedError("test");
        if (k == "bad_alloc") throw std::bad_alloc();
        if (k == "std") throw std::runtime_error("test");
        if (k == "unknown") throw 42;
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
    const std::vector<std::string> *prefixes;
    bool passage;

    Xapian::Query near(const std::vector<Xapian::Query> &parts) const {
        std::vector<Xapian::Query> all;
        for (const auto &g : groups) all.emplace_back(Xapian::Query::OP_OR, g.begin(), g.end());
        all.insert(all.end(), parts.begin(), parts.end());
        return Xapian::Query(Xapian::Query::OP_NEAR, all.begin(), all.end(), PASSAGE_WINDOW);
    }
    // q, kept only where its words meet the markers (and, in passage mode,
    // each other) in one passage; q still gives the weight.
    Xapian::Query scoped(const Xapian::Query &q) const {
        std::vector<Xapian::Query> parts;
        leaves(q, parts);
        if (parts.empty()) return q;
        if (passage || nearable(q) || parts.size() == 1)
            return Xapian::Query(Xapian::Query::OP_FILTER, q, near(parts));
        std::vector<Xapian::Query> each; // a phrase: each word with the markers
        for (const auto &p : parts) each.push_back(near({p}));
        return Xapian::Query(Xapian::Query::OP_FILTER, q,
                             Xapian::Query(Xapian::Query::OP_AND, each.begin(), each.end()));
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
            if (passage && top) return scoped(q); // every word in one passage
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

Xapian::Query with_proximity(const Xapian::Query &q, unsigned window, double factor) {
    auto op = q.get_type();
    if (op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT ||
        op == Xapian::Query::OP_AND_MAYBE) {
        std::vector<Xapian::Query> subs{with_proximity(q.get_subquery(0), window, factor)};
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
        for (auto &g : groups)
            if (!g.empty()) s.groups.push_back(g);
        for (const auto &f : found)
            if (fn) fn(ctx, static_cast<unsigned>(f.first), f.second.c_str());
        *out = new xc_query{s.groups.empty() && !s.passage ? q->q : s.rewrite(q->q, true)};
    });
}

xc_status xc_query_proximity(const xc_query *q, unsigned window, double factor, xc_query **out,
                             xc_error *err) {
    if (!q || !out) return bad_arg(err, "q or out");
    return guarded(err, [&] {
        *out = new xc_query{with_proximity(q->q, window, factor)};
    });
}

xc_status xc_enquire_matching_terms(xc_enquire *enq, unsigned docid, xc_term_fn fn, void *ctx,
                                    xc_error *err) {
    if (!enq || !fn) return bad_arg(err, "enq or fn");
    return guarded(err, [&] {
        for (auto t = enq->enq.get_matching_terms_begin(docid);
             t != enq->enq.get_matching_terms_end(docid); ++t) {
            std::string term = *t;
            if (positional(term)) fn(ctx, term.c_str());
        }
    });
}

xc_status xc_rdb_positions(xc_rdb *db, unsigned docid, const char *term, xc_pos_fn fn,
                           void *ctx, xc_error *err) {
    if (!db || !term || !fn) return bad_arg(err, "db, term or fn");
    return guarded(err, [&] {
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
