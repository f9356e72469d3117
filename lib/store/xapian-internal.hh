// xapian-internal.hh: what the wrapper's C++ files share: the handles
// behind xapian-c.h's opaque types, and the exception boundary (guarded(),
// fail()).  xapian-c.cc holds read-only databases, documents and results;
// xapian-write.cc writable databases and the term generator;
// xapian-parser.cc the query parser; xapian-query.cc queries and their
// rewriting; xapian-rule.cc a query's passage rule;
// xapian-near.cc a ranked page with proximity checked by the library;
// xapian-window.cc a ranked page with a rescoring window, whose pool
// xapian-pool.cc makes;
// xapian-count.cc the counters of matches; xapian-kindwords.cc the
// kind-scoped terms; xapian-expand.cc relevance feedback's words, whose
// frequencies, and the facet values' sets, xapian-kept.cc keeps with every
// commit.  Only
// those include this.
#ifndef SCRUTINY_XAPIAN_INTERNAL_HH
#define SCRUTINY_XAPIAN_INTERNAL_HH

#include "xapian-c.h"
#include "schema.h"

#include <roaring/roaring.h>
#include <xapian.h>

#include <fcntl.h> // AT_FDCWD
#include <sys/stat.h> // statx

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace xcw {

constexpr const char *ENGLISH = "english";
// What an open database keeps of its sets of documents (xc_rdb::sets):
// enough for thousands of terms at 100,000 documents; past it they are
// dropped and made again (doc/limits.md).
constexpr size_t SETS_BYTES = 16u << 20;

// Whether m's match saw every match: its bounds meet (a time limit that
// cut the match short leaves the count an estimate).
inline bool counted_whole(const Xapian::MSet &m) {
    return m.get_matches_lower_bound() == m.get_matches_upper_bound();
}

// Under this many seconds left, a match's time counts as up.  Xapian
// 1.4's time limit is a POSIX timer whose notifying thread sets a flag in
// get_mset's stack frame; timer_delete does not wait for that thread, so
// a timer that fires as the match ends writes into whatever frame is
// there after get_mset returned (a SEGV in MSet::snippet under ASan, 2
// runs in 500 with a microsecond left).  So a time that is up, or nearly,
// sets no timer: the match counts no further than its page, which is
// what Xapian does once its timer fires.  A longer limit keeps the timer,
// and a (far rarer) match that ends within the thread's start-up after
// its timer fired keeps the risk (doc/limits.md).
constexpr double TIMER_MIN_SECONDS = XC_TIMER_MIN_SECONDS;

// Sets e to stop looking at matches after seconds (0: never) and returns
// the check_at_least a match asking check may use under it.
inline Xapian::doccount time_limited(Xapian::Enquire &e, double seconds, Xapian::doccount check) {
    // (a match that checks only its page has nothing for a timer to cut)
    if (check == 0 || (seconds > 0 && seconds < TIMER_MIN_SECONDS)) {
        e.set_time_limit(0);
        return 0; // Xapian's floor: first + max
    }
    e.set_time_limit(seconds > 0 ? seconds : 0);
    return check;
}

inline xc_status set_error(xc_error *err, xc_status status, const char *what, const std::string &msg) {
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

inline xc_status xerr(xc_error *err, xc_status status, const Xapian::Error &e) {
    std::string msg = e.get_msg();
    if (e.get_error_string() && *e.get_error_string())
        msg += std::string(" (") + e.get_error_string() + ")";
    return set_error(err, status, e.get_type(), msg);
}

// Why a database's lock file could not be made, in the user's words:
// "cannot write there: Permission denied" (Xapian: "Unable to get write
// lock on PATH: Couldn't open lockfile: Permission denied").
inline std::string lock_file_reason(const Xapian::Error &e) {
    const std::string msg = e.get_msg();
    const size_t at = msg.rfind(": ");
    std::string why = at == std::string::npos ? msg : msg.substr(at + 2);
    if (e.get_error_string() && *e.get_error_string() && why.find(e.get_error_string()) == std::string::npos)
        why += std::string(" (") + e.get_error_string() + ")";
    return "cannot write there: " + why;
}

// Called only from inside a catch block: rethrows and maps the exception.
inline xc_status fail(xc_error *err) {
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        // only "already locked" is another writer; a lock file that cannot
        // be made (a read-only place, no permission) is no lock to wait for
        if (e.get_msg().find("already locked") == std::string::npos)
            return set_error(err, SCR_ERR_IO, nullptr, lock_file_reason(e));
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
    } catch (const Xapian::WildcardError &e) {
        return xerr(err, XC_ERR_LIMIT, e);
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

inline xc_status ok(xc_error *err) {
    if (err) {
        err->status = XC_OK;
        err->message[0] = '\0';
    }
    return XC_OK;
}

// Runs body, the part of an entry point that may throw, and turns what it
// throws into an error value: every entry point's try/catch, in one place.
template <typename Body>
inline xc_status guarded(xc_error *err, Body body) {
    try {
        body();
        return ok(err);
    } catch (...) {
        return fail(err);
    }
}

inline xc_status bad_arg(xc_error *err, const char *what) {
    return set_error(err, XC_ERR_INVALID, "", std::string(what) + " is NULL");
}

// A malloc()ed NUL-terminated copy, for strings handed to C.
inline char *c_copy(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

// Undo the HTML escaping MSet::snippet() applies: our output is plain text.
inline std::string html_unescape(const std::string &s) {
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

// The values of one match, each slot read at most once however many
// counters ask (each read is a value-stream lookup).
class MatchValues {
  public:
    explicit MatchValues(const Xapian::Document &doc) : doc_(doc) {}
    Xapian::docid docid() const { return doc_.get_docid(); }
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

// Splits "a\nb\na" into its distinct values (xapian-count.cc).
std::vector<std::string> split_values(const std::string &all, char sep);

// English stemming that also counts each word it is given in `words`
// (when set): the term generator keeps only stems (STEM_ALL_Z), so this
// is where the body's words are seen for the spelling dictionary without
// tokenising twice.  Stems are remembered by each thread (the writer makes
// a term generator per document): the same words recur from one passage
// and document to the next, and Snowball costs about ten times a look-up
// (callgrind, 40 generated documents).  The term generator's
// (xapian-write.cc) counts; snippets' (xapian-c.cc) only remember.
class CountingStemmer : public Xapian::StemImplementation {
    Xapian::Stem english{ENGLISH};
    static constexpr size_t max_stems = 1 << 16; // a few MB; then start again

  public:
    std::unordered_map<std::string, unsigned> *words = nullptr;
    std::string operator()(const std::string &word) override {
        if (words) ++(*words)[word];
        thread_local std::unordered_map<std::string, std::string> stems;
        auto known = stems.find(word);
        if (known != stems.end()) return known->second;
        if (stems.size() >= max_stems) stems.clear();
        return stems.emplace(word, english(word)).first->second;
    }
    std::string get_description() const override { return "english, counting words"; }
};

// The body's stems of words ("Z" + the English stem of each).
std::unordered_set<std::string> body_stems(const char *const *words, size_t n);
// Whether term is a body stem stored without positions (a stopword's:
// schema_stopwords).
bool unpositioned(const std::string &term);
// Whether term stands in passages, where a passage can be found by it: not
// a title's stem (ZS: its positions come before the first passage), nor a
// stopword's ("being": Zbe has no positions).
bool in_passages(const std::string &term);

// A term the writer never makes (its terms are printable): a query leaf
// that matches nothing.
constexpr const char *NO_SUCH_TERM = "\x7f";
// Indexes text with prefix as the writer does: Xapian lower-cases ASCII
// itself, other scripts are folded first (norm_fold); hyphenated
// compounds get their joined form too (index_compounds).  stem is tg's.
void index_folded(Xapian::TermGenerator &tg, const Xapian::Stem &stem, const char *text,
                  size_t len, const std::string &prefix);
// tg.index_text(text, 1, prefix), each hyphenated compound ("well-being")
// also indexed as its parts joined ("wellbeing"), stemmed by stem, at its
// first part's position (xapian-compounds.cc).
void index_compounds(Xapian::TermGenerator &tg, const Xapian::Stem &stem,
                     const std::string &text, const std::string &prefix);
// text, a passage about to be a snippet of m's documents, with each
// hyphenated compound whose joined form m's query asks for ("well-being"
// for "wellbeing") written as one word to Xapian's snippet, which then
// places and highlights it as a word of the query; snippet_unjoined
// gives back its hyphens (xapian-compounds.cc).
std::string snippet_joining(const Xapian::MSet &m, const Xapian::Stem &stem,
                            const std::string &text);
std::string snippet_unjoined(const std::string &snippet);
// q with each phrase's runs of words that the index (db) holds joined up
// as one word also finding it there, the phrase's window kept: "well-being"
// finds "wellbeing" too (xapian-compounds.cc).  qp parsed q.
Xapian::Query joined_compounds(const Xapian::QueryParser &qp, const Xapian::Database &db,
                               const std::vector<std::vector<std::string>> &written,
                               const Xapian::Query &q);
// The parts of each hyphenated word of text, lower case (a query's: a run
// of its words with a stopword is joined only where it wrote them so).
std::vector<std::vector<std::string>> hyphenated_words(const std::string &text);
// Whether the parser's rewrites look inside op, rebuilding it from its
// subqueries (xapian-parser.cc).
bool rewritten_within(Xapian::Query::op op);
// Passage markers (xapian-query.cc): the index of the prefix t begins
// with, or prefixes.size(); whether q is markers and nothing else (a
// filter's marker, 0 * one, or an OR of such; in_filter: a bare term is a
// filter's), their terms into out; whether q holds a term of one of
// prefixes.
size_t prefix_index(const std::string &t, const std::vector<std::string> &prefixes);
bool markers_only(const Xapian::Query &q, bool in_filter, const std::vector<std::string> &prefixes,
                  std::vector<std::string> &out);
bool holds_prefixed(const Xapian::Query &q, const std::vector<std::string> &prefixes);
// q as a match over several databases takes it: what Xapian 1.4.22
// crashed on there written otherwise, the same matches (xapian-c.cc).
Xapian::Query for_several_databases(const Xapian::Query &q);
// Xapian matches q, unweighted, every match seen, their docids (combined
// over several databases) into out.  Returns whether the match was whole
// (a time limit, seconds, 0: none, did not cut it short).  remote: db
// answers over the wire, which runs no spy of ours (xapian-docset.cc).
bool add_matches(const Xapian::Database &db, bool remote, const Xapian::Query &q,
                 double seconds, roaring_bitmap_t *out);
// The window a PHRASE or NEAR was made with (xapian-parser.cc).
Xapian::termcount window_of(const Xapian::Query &q);
// The stems of the words a document's passages hold (what the writer
// indexed without a prefix) and their wdf, in term order, from the
// document's stored data (xapian-docwords.cc).
std::vector<std::pair<std::string, Xapian::termcount>> data_words(const Xapian::Document &doc);
// Whether term is a plain word's stem as feedback takes them: "Z", then a
// lower-case letter or a non-ASCII byte (not a field's prefix), four bytes
// or more, and no digits (dates, telephone numbers).
bool plain_stem(const std::string &term);
// The plain stems and facet values of the documents added, replaced or
// removed since what is kept of them in the metadata (xapian-kept.cc) was
// last written, which write() brings up to date for the commit that
// follows.
struct KeptChanges {
    std::unordered_set<std::string> stems, set_terms;
    void note(const Xapian::Document &doc);
    // those of the documents that hold unique_term (to be replaced or removed)
    void note_holders(const Xapian::Database &db, const std::string &unique_term);
    void write(Xapian::WritableDatabase &db);
    // after the commit (one that failed writes them again next time)
    void clear();
};
// Whether what db (one database) keeps in its metadata is whole at its
// revision.
bool kept_whole(const Xapian::Database &db);
// A plain stem's frequency as kept (db: one database, kept whole), for a
// stem that some document of db holds.
Xapian::doccount kept_freq(const Xapian::Database &db, const std::string &term);
// A facet value's documents as kept, in docid order (false: not kept).
bool kept_set(const Xapian::Database &db, const std::string &term, std::vector<uint32_t> &docs);
// Each of terms' frequency in shard, asked for in one request (a remote
// shard's look-up is a round trip a term).
void shard_termfreqs(const Xapian::Database &shard, const std::vector<std::string> &terms,
                     std::vector<Xapian::doccount> &freqs);

}  // namespace xcw

// What the enquire's one match spy hands every match to.
struct xc_counter {
    virtual ~xc_counter() {}
    virtual void see(xcw::MatchValues &values) = 0;
};

namespace xcw {

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

// Whether term (a stem, a concept) has kind-scoped terms, and the one of
// it in a passage of kind (xapian-kindwords.cc).
bool kind_scoped(const std::string &term);
std::string kind_word(const std::string &kind, const std::string &term);

}  // namespace xcw

// A part of a read-only database: a local directory (or stub file), as it
// was when opened, or a remote shard (path empty) and how to reach it again.
struct xc_rdb_part {
    std::string path;
    // its identity: a removed directory's inode number is soon reused, its
    // birth time is not (0 where the filesystem keeps none)
    unsigned long long dev = 0, ino = 0, born_ns = 0;
    std::function<Xapian::Database()> open; // remote shards
    Xapian::Database opened; // its databases, as the whole's handles
    // whether it is one local database whose metadata is whole
    // (xapian-kept.cc), once asked: -1 not yet (xc_rdb::forget resets it)
    int kept_state = -1;
    bool kept() {
        if (kept_state < 0) kept_state = !open && opened.size() == 1 && xcw::kept_whole(opened);
        return kept_state == 1;
    }
};
// A read-only database and its parts, so that a part whose path now names
// another directory (the indexer swaps a compacted or rebuilt database in
// with one rename) is opened afresh rather than reopen()ed.
struct xc_rdb {
    Xapian::Database db;
    std::vector<xc_rdb_part> parts;
    bool remote = false; // some shard answers over the wire
    // What a search asks again and again, kept until the database is
    // reopened or grows a shard: a look-up is a round trip on a remote
    // shard.  Term frequencies, and the positions of the last document
    // whose terms were matched (matching terms, then passages, read them).
    std::unordered_map<std::string, Xapian::doccount> termfreqs;
    Xapian::docid positions_doc = 0;
    std::map<std::string, std::vector<Xapian::termpos>> positions;
    // The documents of terms' postings, and of phrases and NEARs matched
    // whole, as sets (xapian-docset.cc), by term or query description: a
    // facet value clicked asks for the same words again, and the kind
    // facet for the same words by kind.  At most SETS_BYTES of them.
    std::unordered_map<std::string, roaring_bitmap_t *> sets;
    size_t sets_bytes = 0;
    // A second handle on the same one local database, at the same
    // revision, for a second thread's share of a phrase's set
    // (xapian-docset.cc): a Xapian handle is not shared between threads.
    // Opened when first wanted, dropped with the caches.
    Xapian::Database twin;
    bool has_twin = false;
    // The uuid and revision under which its sets are shared with the
    // process's other handles (xapian-shared.cc), once asked.
    std::string generation;
    // Every document's length by docid, for the pool (xapian-pool.cc),
    // once it read them.
    std::vector<Xapian::termcount> doclens;
    // The phrase terms every document was checked for (xapian-phrases.cc),
    // once read.
    std::unordered_set<std::string> phrases;
    bool phrases_read = false;
    // How often xc_rdb_reopen found it changed: a query parser made on it
    // gives Xapian's parser its handle again then (xapian-parser.cc,
    // follow()), since a swapped-in directory is a new handle.
    unsigned long reopens = 0;

    xc_rdb(const Xapian::Database &d, bool r) : db(d), remote(r) {}
    xc_rdb(const xc_rdb &) = delete;
    xc_rdb &operator=(const xc_rdb &) = delete;
    ~xc_rdb() { drop_sets(); }
    void forget() {
        termfreqs.clear();
        positions_doc = 0;
        positions.clear();
        drop_sets();
        drop_twin();
        generation.clear();
        doclens.clear();
        phrases.clear();
        phrases_read = false;
        for (xc_rdb_part &p : parts) p.kept_state = -1;
    }
    void drop_twin() {
        twin = Xapian::Database();
        has_twin = false;
    }
    void drop_sets() {
        for (auto &kv : sets) roaring_bitmap_free(kv.second);
        sets.clear();
        sets_bytes = 0;
    }
    // Whether it is one local database that keeps its metadata whole
    // (xapian-kept.cc): its one part's answer.
    bool kept() { return !remote && parts.size() == 1 && db.size() == 1 && parts[0].kept(); }
    Xapian::doccount termfreq(const std::string &term) {
        auto it = termfreqs.find(term);
        if (it != termfreqs.end()) return it->second;
        Xapian::doccount n = db.get_termfreq(term);
        termfreqs.emplace(term, n);
        return n;
    }
};
struct xc_wdb {
    Xapian::WritableDatabase db;
    xcw::KeptChanges changed; // written with each commit
    bool pending = false; // written since the last commit: close() commits it
    bool kept = true;     // changed noted and written (not XC_WDB_UNKEPT)
    // keys of values that never change, set through this handle
    // (xc_wdb_set_metadata_once)
    std::unordered_set<std::string> set_once;
    explicit xc_wdb(const Xapian::WritableDatabase &d) : db(d) {}
};
struct xc_doc {
    Xapian::Document doc;
    // Its body's words and how often each occurs: the index holds only
    // their stems, the spelling dictionary wants the words.
    std::unordered_map<std::string, unsigned> words;
};
struct xc_qparser {
    Xapian::QueryParser qp;
    // the database whose spelling dictionary expands wildcards, or NULL;
    // it outlives the parser.  Read through it, not a copy of its handle,
    // so that a directory swapped in at its path (xc_rdb_reopen opens it
    // afresh) is seen; qp holds a copy, given again when db->reopens moves
    // past db_reopens (follow(), xapian-parser.cc).
    const xc_rdb *db = nullptr;
    unsigned long db_reopens = 0;
    std::vector<std::string> fields; // free-text fields: "" and add_prefix()'s
    // remote shards, whose spelling dictionaries are out of reach: their
    // stems, which wildcards expand from instead (xc_qparser_stems_from),
    // or NULL; they outlive the parser
    const xc_rdb *stems = nullptr;
    bool synonyms = false;
    // the stopper's words (xc_qparser_stopwords), for telling a query
    // Xapian read again without its operators (xapian-parser.cc)
    std::unordered_set<std::string> stopwords;
    // multi-word synonym keys as the stems a phrase of them parses to
    // ("Zeduc Zhealth Zand Zcare Zplan"), and their synonyms: quoted
    // phrases find the acronym too (made at the first parse)
    std::map<std::string, std::vector<std::string>> phrase_synonyms;
    bool phrase_synonyms_made = false;
    // terms all the wildcards of one parse may expand to (0: any number),
    // and how many they have so far
    unsigned max_expansion = 0;
    size_t expanded = 0;
    // a filter's wildcard values went past max_expansion (the parse then
    // fails: xapian-parser.cc)
    bool filters_over = false;
};
struct xc_query {
    Xapian::Query q;
    // as the parser wrote it, where q leaves out stopwords it cannot match
    // by position (empty: q); what xc_query_words reports
    Xapian::Query written;
    xc_query(Xapian::Query q_, Xapian::Query written_ = Xapian::Query())
        : q(std::move(q_)), written(std::move(written_)) {}
};
struct xc_mset {
    Xapian::MSet mset;
    double lift; // what a rescoring window added to its documents' weights
    // the query's counts, where mset's are of its window (lower, estimate,
    // upper) and counted is set
    bool counted = false;
    Xapian::doccount counts[3] = {0, 0, 0};
    // A ranking replayed (xc_ranking_replay): item i is mset's order[i],
    // of weight weights[i]
    bool replayed = false;
    std::vector<Xapian::doccount> order;
    std::vector<double> weights;
    explicit xc_mset(const Xapian::MSet &m, double l = 0) : mset(m), lift(l) {}
    Xapian::doccount size() const { return replayed ? order.size() : mset.size(); }
    // an item's weight without what the window added
    double weight_of(const Xapian::MSetIterator &it) const {
        double w = it.get_weight();
        return w >= lift ? w - lift : w;
    }
    Xapian::doccount lower() const { return counted ? counts[0] : mset.get_matches_lower_bound(); }
    Xapian::doccount estimate() const { return counted ? counts[1] : mset.get_matches_estimated(); }
    Xapian::doccount upper() const { return counted ? counts[2] : mset.get_matches_upper_bound(); }
};

// A ranked page kept for other requests (xapian-shared.cc): the window's
// documents in order, their weights as xc_mset_item gives them, the
// query's counts (lower, estimate, upper), feedback's words.
struct xc_ranking {
    std::vector<Xapian::docid> ids;
    std::vector<double> weights;
    Xapian::doccount counts[3] = {0, 0, 0};
    std::vector<std::string> words;
};

// The best documents of a ranked query by its bound, best first, with
// their bound weights; every: they are all its matches.
struct xc_pool {
    std::vector<Xapian::docid> ids;
    std::vector<double> weights;
    bool every = false;
    bool summed = false; // from the postings (xapian-pool.cc), not by Xapian's matcher
};

struct xc_termgen {
    Xapian::TermGenerator tg;
    xcw::CountingStemmer *stemmer = nullptr; // owned by stem
    Xapian::Stem stem;                        // tg's, for the compounds' joined words
    xc_doc *doc = nullptr;
};

struct xc_enquire {
    xcw::Counters counters; // declared first: the enquire points to it until destroyed
    // xc_enquire_sort_by_value's key maker (the enquire points to it too)
    std::shared_ptr<Xapian::MultiValueKeyMaker> keymaker;
    Xapian::Enquire enq;
    xc_rdb *rdb; // what enq searches (it outlives the enquire): its caches
    // for a second enquire (xc_enquire_mset_near): xc_enquire_bm25's
    // weighting and the time limit
    std::unique_ptr<Xapian::Weight> weight;
    double bm25_k1 = -1, bm25_b = 0; // xc_enquire_bm25's (k1 < 0: not BM25)
    double time_limit = 0; // xc_enquire_set_time_limit's
    int sort_slot = -1;    // xc_enquire_sort_by_value's (-1: by relevance)
    bool sort_descending = false;
    explicit xc_enquire(xc_rdb &r) : enq(r.db), rdb(&r) {}
    // The check_at_least a match of enq asking check may use (time_limited).
    Xapian::doccount check(Xapian::doccount c) {
        return xcw::time_limited(enq, time_limit, c);
    }
    void add_counter(xc_counter *c) {
        if (counters.empty()) enq.add_matchspy(&counters);
        counters.add(c);
    }
};

namespace xcw {

// The documents of sorted ids as a query, each weighing weight: under
// OP_FILTER (weight 0), a query restricted to them, Xapian's matcher
// skipping to each in turn (xapian-window.cc).
Xapian::Query docs_of(std::vector<Xapian::docid> ids, double weight = 0);
// q with its phrases and NEARs made ANDs where they decide a match (not on
// AND_NOT's excluding side): its matches and more, no position read.
Xapian::Query without_positions(const Xapian::Query &q);
// Sets part's identity from its path; false when there is nothing there.
bool identify(xc_rdb_part &part);
// Whether part's path still names the directory it was opened from (the
// indexer swaps a compacted or rebuilt database in with one rename).
bool part_unmoved(const xc_rdb_part &part);
// Whether q has a phrase or a NEAR.
bool has_positions(const Xapian::Query &q);
// The key under which xc_rdb::sets keeps a phrase's or NEAR's set of
// documents (a term's is the term itself).
// The phrase term (xapian-phrases.cc) that stands for q, a phrase of plain
// terms, into term; false when q is none such.
bool phrase_query_term(const Xapian::Query &q, std::string &term);
// Keeps in rdb.sets the set of q, a phrase of the field's, made from its
// phrase term's postings (no position read); false when q has none.
bool keep_phrase_set(xc_rdb &rdb, const Xapian::Query &q);
// The phrase terms whose postings are their phrases' sets in rdb: none
// unless every document was checked for them.
const std::unordered_set<std::string> &indexed_phrases(xc_rdb &rdb);
inline std::string set_key(const Xapian::Query &q) {
    return std::string(1, '\0') + q.get_description();
}
// enq's MSet for q in place of its own query, which it gets back (the
// MSet's snippets and matching terms use it) however the match ends.
Xapian::MSet instead(xc_enquire *enq, const Xapian::Query &q, Xapian::doccount first,
                     Xapian::doccount max, Xapian::doccount check);
// At most this many threads ask remote shards at once (each_shard).
constexpr size_t SHARD_THREADS = 8;
// Calls read(k) for each shard k (remote[k]: whether it is remote), the
// local ones on this thread, the remote ones on up to SHARD_THREADS
// threads at once (xapian-shard-threads.cc); read touches only shard k's
// handle there.  An exception from any is thrown once all are done.
void each_shard(const std::vector<bool> &remote, const std::function<void(size_t)> &read);
// A set of documents owned here.
struct Bitmap {
    roaring_bitmap_t *b;
    Bitmap() : b(roaring_bitmap_create()) {
        if (!b) throw std::bad_alloc();
    }
    ~Bitmap() { roaring_bitmap_free(b); }
    Bitmap(const Bitmap &) = delete;
    Bitmap &operator=(const Bitmap &) = delete;
};
// Adds to out the documents term indexes, as rdb keeps them
// (xapian-docset.cc).
void term_set(xc_rdb &rdb, const std::string &term, roaring_bitmap_t *out);
// Sets shared between a process's handles on one database, when
// xc_share_sets turned it on (xapian-shared.cc): a copy of the set
// another handle keeps under key at rdb's revision, or nullptr; and a copy
// of set kept for the others.
roaring_bitmap_t *shared_set_copy(xc_rdb &rdb, const std::string &key);
void share_set(xc_rdb &rdb, const std::string &key, const roaring_bitmap_t *set);
// Counts a kept ranking replayed (xc_ranking_replay), or found but no
// longer answering so (ranked afresh), for xc_ranking_counts.
void count_replay(bool replayed);
// The first documents of a pool (xc_enquire_pool) whose weights and
// order are Xapian's own; past them the weights are summed by
// xapian-pool.cc and may differ from Xapian's by rounding.
constexpr Xapian::doccount POOL_EXACT_HEAD = 128;
// q's MSet on an enquire like enq's (weighting, time limit), without its
// spies.
Xapian::MSet weigh(xc_enquire *enq, const Xapian::Query &q, Xapian::doccount first,
                   Xapian::doccount max, Xapian::doccount check);

}  // namespace xcw

#endif
