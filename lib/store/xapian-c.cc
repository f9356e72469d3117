// xapian-c.cc: the C API of xapian-c.h over libxapian: read-only
// databases, documents, enquires and their results.  The writer's side
// (writable databases, the term generator) is in xapian-write.cc, the query
// parser in xapian-parser.cc, the counters in xapian-count.cc; what they
// share in xapian-internal.hh.  Every entry point runs what may throw inside
// guarded() (or, where it returns early, its own `catch (...) { return
// fail(err); }`), and fail() rethrows to map the exception, most specific
// class first, so that no exception can reach C.

#include "xapian-internal.hh"

#include "docdict.h"

using namespace xcw;


extern "C" {

const char *xc_xapian_version(void) { return Xapian::version_string(); }

/* ---- read-only databases ---- */

}  // extern "C": C++ helpers, internal to this file

namespace xcw {

// Sets part's identity from its path; false when there is nothing there.
bool identify(xc_rdb_part &part) {
    struct statx st;
    if (statx(AT_FDCWD, part.path.c_str(), 0, STATX_INO | STATX_BTIME, &st) != 0) {
        part.dev = part.ino = part.born_ns = 0;
        return false;
    }
    part.dev = (static_cast<unsigned long long>(st.stx_dev_major) << 32) | st.stx_dev_minor;
    part.ino = st.stx_ino;
    part.born_ns = (st.stx_mask & STATX_BTIME)
                       ? static_cast<unsigned long long>(st.stx_btime.tv_sec) * 1000000000ULL +
                             st.stx_btime.tv_nsec
                       : 0;
    return true;
}

// Whether path still names what part was opened from.
bool part_unmoved(const xc_rdb_part &part) {
    xc_rdb_part now;
    now.path = part.path;
    return identify(now) && now.dev == part.dev && now.ino == part.ino &&
           now.born_ns == part.born_ns;
}

std::unordered_set<std::string> body_stems(const char *const *words, size_t n) {
    std::unordered_set<std::string> out;
    Xapian::Stem english(ENGLISH);
    for (size_t i = 0; i < n; i++) out.insert("Z" + english(words[i]));
    return out;
}

bool unpositioned(const std::string &term) {
    static const std::unordered_set<std::string> stems = [] {
        size_t n = 0;
        const char *const *words = schema_stopwords(&n);
        return body_stems(words, n);
    }();
    return stems.count(term) != 0;
}

bool in_passages(const std::string &term) {
    static const std::string title = std::string("Z") + PREFIX_TITLE;
    return term.compare(0, title.size(), title) != 0 && !unpositioned(term);
}

}  // namespace xcw

namespace {

// Opens the database at part.path so that all its tables come from one
// directory, and records which.  The indexer swaps a compacted or rebuilt
// database in with one rename: an open that straddles it reads the version
// file of one directory and the tables of the other ("EOF reading block 9",
// "Expected block 31 to be level 1, not 0").  An open during which the path
// changed identity is done again, whether it failed or not.
Xapian::Database open_settled(xc_rdb_part &part) {
    constexpr int SWAP_RETRIES = 20;
    for (int tries = 0;; tries++) {
        bool there = identify(part);
        try {
            Xapian::Database db(part.path);
            if (there && part_unmoved(part)) return db;
        } catch (const Xapian::DatabaseError &) {
            if (tries >= SWAP_RETRIES || !there || part_unmoved(part)) throw;
        }
        if (tries >= SWAP_RETRIES)
            throw Xapian::DatabaseOpeningError(part.path + ": replaced while being opened, " +
                                               std::to_string(SWAP_RETRIES) + " times");
    }
}

Xapian::Database open_part(xc_rdb_part &part) {
    return part.open ? part.open() : open_settled(part);
}

// Notes the zstd dictionaries the documents' data of db's parts may need
// (docdict.h): a key or none per database, read once its schema is
// checked (xc_rdb_load_dicts) or it has changed.  Not as it is opened:
// Xapian 1.4 walking the metadata keys of a damaged table crashed
// (SIGSEGV) where reading the schema's one key says it is damaged.
void register_dicts(const xc_rdb &db) {
    for (const xc_rdb_part &p : db.parts)
        for (auto k = p.opened.metadata_keys_begin(SCHEMA_DICT_KEY_PREFIX);
             k != p.opened.metadata_keys_end(SCHEMA_DICT_KEY_PREFIX); ++k) {
            std::string bytes = p.opened.get_metadata(*k);
            docdict_register(bytes.data(), bytes.size());
        }
}

// Adds a part to db (a new handle when *db is NULL).
void add_part(xc_rdb **db, xc_rdb_part part) {
    Xapian::Database opened = open_part(part);
    if (!*db)
        *db = new xc_rdb(opened, false);
    else
        (*db)->db.add_database(opened);
    if (part.open) (*db)->remote = true;
    (*db)->forget(); // caches start again
    part.opened = opened;
    (*db)->parts.push_back(std::move(part));
}

}  // namespace

extern "C" {

xc_status xc_rdb_open(const char *path, xc_rdb **out, xc_error *err) {
    if (!path || !out) return bad_arg(err, "path or out");
    return guarded(err, [&] {
        xc_rdb *h = nullptr;
        xc_rdb_part part;
        part.path = path;
        add_part(&h, part);
        *out = h;
    });
}

xc_status xc_rdb_add(xc_rdb *db, const char *path, xc_error *err) {
    if (!db || !path) return bad_arg(err, "db or path");
    return guarded(err, [&] {
        xc_rdb_part part;
        part.path = path;
        add_part(&db, part);
    });
}

xc_status xc_rdb_remote(xc_rdb **db, const char *host, unsigned port, xc_error *err) {
    if (!db || !host) return bad_arg(err, "db or host");
    return guarded(err, [&] {
        xc_rdb_part part;
        std::string h = host;
        part.open = [h, port] { return Xapian::Remote::open(h, port); };
        add_part(db, part);
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
        xc_rdb *h = nullptr;
        xc_rdb_part part;
        part.path = dir;
        add_part(&h, part);
        *out = h;
    });
}

xc_status xc_rdb_remote_program(xc_rdb **db, const char *program, const char *args,
                                xc_error *err) {
    if (!db || !program || !args) return bad_arg(err, "db, program or args");
    return guarded(err, [&] {
        xc_rdb_part part;
        std::string p = program, a = args;
        part.open = [p, a] { return Xapian::Remote::open(p, a); };
        add_part(db, part);
    });
}

xc_status xc_rdb_reopen(xc_rdb *db, int *changed, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        auto moved = [db] {
            for (const xc_rdb_part &p : db->parts)
                if (!p.open && !part_unmoved(p)) return true;
            return false;
        };
        if (changed) *changed = 1;
        if (!moved()) {
            bool reopened = true;
            try {
                reopened = db->db.reopen();
            } catch (const Xapian::DatabaseError &) {
                if (!moved()) throw;
            }
            if (!moved()) {
                if (changed) *changed = reopened;
                if (reopened) {
                    db->forget();
                    db->reopens++;
                    register_dicts(*db);
                }
                return;
            }
        }
        // a part was swapped for another directory: reopen() would read
        // the new version file with the old tables; open every part afresh
        xc_rdb *fresh = nullptr;
        try {
            for (const xc_rdb_part &p : db->parts) add_part(&fresh, p);
        } catch (...) {
            delete fresh;
            throw;
        }
        std::swap(db->db, fresh->db);
        std::swap(db->parts, fresh->parts);
        delete fresh;
        register_dicts(*db);
        db->forget();
        db->reopens++;
    });
}

xc_status xc_rdb_load_dicts(xc_rdb *db, xc_error *err) {
    if (!db) return bad_arg(err, "db");
    return guarded(err, [&] {
        register_dicts(*db);
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

xc_status xc_rdb_lastdocid(xc_rdb *db, unsigned *out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = db->db.get_lastdocid();
    });
}

xc_status xc_rdb_spelling_frequency(xc_rdb *db, const char *word, unsigned *out,
                                    xc_error *err) {
    if (!db || !word || !out) return bad_arg(err, "db, word or out");
    return guarded(err, [&] {
        // Xapian 1.4 has no direct look-up: the dictionary's iterator,
        // moved to the word, says whether it is there and how often
        Xapian::TermIterator it = db->db.spellings_begin();
        it.skip_to(word);
        *out = it != db->db.spellings_end() && *it == word ? it.get_termfreq() : 0;
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
        *out = db->termfreq(term);
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

xc_status xc_rdb_kept_whole(xc_rdb *db, int *out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = db->kept();
    });
}

xc_status xc_rdb_each_term(xc_rdb *db, const char *prefix, xc_term_fn fn, void *ctx,
                           xc_error *err) {
    if (!db || !prefix || !fn) return bad_arg(err, "db, prefix or fn");
    return guarded(err, [&] {
        for (auto t = db->db.allterms_begin(prefix); t != db->db.allterms_end(prefix); ++t) {
            std::string term = *t;
            fn(ctx, term.c_str());
        }
    });
}

xc_status xc_rdb_get_document(xc_rdb *db, unsigned docid, xc_doc **out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = new xc_doc{db->db.get_document(docid), {}};
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

int xc_term_unpositioned(const char *term) {
    try {
        return term && unpositioned(term);
    } catch (...) {
        return 0;
    }
}

int xc_term_in_passages(const char *term) {
    try {
        return term && in_passages(term);
    } catch (...) {
        return 0;
    }
}

xc_status xc_doc_drop_stopword_positions(xc_doc *doc, xc_error *err) {
    if (!doc) return bad_arg(err, "doc");
    return guarded(err, [&] {
        // collected first: changing terms while walking the termlist is not allowed
        std::vector<std::pair<std::string, Xapian::termcount>> stops;
        for (auto t = doc->doc.termlist_begin(); t != doc->doc.termlist_end(); ++t)
            if (unpositioned(*t) && t.positionlist_count()) stops.emplace_back(*t, t.get_wdf());
        for (const auto &s : stops) {
            doc->doc.remove_term(s.first);
            doc->doc.add_term(s.first, s.second);
        }
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

/* ---- enquire, results ---- */

xc_status xc_enquire_new(xc_rdb *db, xc_enquire **out, xc_error *err) {
    if (!db || !out) return bad_arg(err, "db or out");
    return guarded(err, [&] {
        *out = new xc_enquire(*db);
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
        enq->weight.reset(new Xapian::BM25Weight(k1, 0, 1, b, 0.5));
        enq->bm25_k1 = k1; // for the pool's own sums (xapian-pool.cc)
        enq->bm25_b = b;
        enq->enq.set_weighting_scheme(*enq->weight);
    });
}

xc_status xc_enquire_unweighted(xc_enquire *enq, xc_error *err) {
    if (!enq) return bad_arg(err, "enq");
    return guarded(err, [&] {
        enq->weight.reset();
        enq->bm25_k1 = -1;
        enq->enq.set_weighting_scheme(Xapian::BoolWeight());
    });
}

}  // extern "C"

namespace {

// The most leaves a query spelled out for several databases may have: each
// XOR doubles its parts, and XORs nested 18 deep took 785 MB.
constexpr double SPELLED_LEAVES = 20000;

// How many leaves q has once its XORs are spelled out (xor_spelled).
double spelled_leaves(const Xapian::Query &q) {
    size_t n = q.get_num_subqueries();
    if (n == 0 || !rewritten_within(q.get_type())) return 1;
    std::vector<double> parts;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        parts.push_back(spelled_leaves(q.get_subquery(i)));
        sum += parts.back();
    }
    if (q.get_type() != Xapian::Query::OP_XOR) return sum;
    // halves, each used twice: S(parts) = 2 (S(first half) + S(second))
    std::function<double(size_t, size_t)> halves = [&](size_t lo, size_t hi) -> double {
        if (hi - lo == 1) return parts[lo];
        size_t mid = lo + (hi - lo) / 2;
        return 2 * (halves(lo, mid) + halves(mid, hi));
    };
    return halves(0, n);
}

// The XOR of parts [lo, hi) as ORs and AND_NOTs: X XOR Y is (X AND_NOT Y)
// OR (Y AND_NOT X), the same matches (weighing the same but where three or
// more parts match: only the last half's then); halves each time, so that
// n parts cost n^2 leaves, not 2^n (nested XORs double: bounded above).
Xapian::Query xor_spelled(const std::vector<Xapian::Query> &parts, size_t lo, size_t hi) {
    if (hi - lo == 1) return parts[lo];
    size_t mid = lo + (hi - lo) / 2;
    const Xapian::Query x = xor_spelled(parts, lo, mid), y = xor_spelled(parts, mid, hi);
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_AND_NOT, x, y),
                         Xapian::Query(Xapian::Query::OP_AND_NOT, y, x));
}

// q with each MAX an OR and each XOR spelled out (for_several_databases).
Xapian::Query spell_out(const Xapian::Query &q) {
    auto op = q.get_type();
    if (!rewritten_within(op)) return q;
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < q.get_num_subqueries(); i++) subs.push_back(spell_out(q.get_subquery(i)));
    if (op == Xapian::Query::OP_XOR && !subs.empty()) return xor_spelled(subs, 0, subs.size());
    return Xapian::Query(op == Xapian::Query::OP_MAX ? Xapian::Query::OP_OR : op, subs.begin(),
                         subs.end());
}

}  // namespace

// Over several databases Xapian 1.4.22's matcher crashed, once it could
// prune (a count, a page smaller than the matches), on a MAX of phrases
// whose words never meet in the first one (--count "multi-agency working"
// on two shards) and on an XOR of filters one of which a later database
// lacks ("year:2018 XOR authority:wigan"): each OP_MAX (a compound's two
// spellings, xapian-compounds.cc) is an OP_OR, a document holding both
// spellings weighing their sum, and each XOR is spelled out.
Xapian::Query xcw::for_several_databases(const Xapian::Query &q) {
    if (spelled_leaves(q) > SPELLED_LEAVES) // parsing refused it (xc_query_xor_too_deep)
        throw Xapian::InvalidArgumentError("XORs nested too deep for several databases");
    return spell_out(q);
}

extern "C" {

int xc_query_xor_too_deep(const xc_query *q) {
    try {
        return q && spelled_leaves(q->q) > SPELLED_LEAVES;
    } catch (...) {
        return 1;
    }
}


xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q, xc_error *err) {
    if (!enq || !q) return bad_arg(err, "enq or q");
    return guarded(err, [&] {
        enq->enq.set_query(enq->rdb->db.size() > 1 ? for_several_databases(q->q) : q->q);
    });
}

xc_status xc_enquire_sort_by_value(xc_enquire *enq, int slot, int descending, xc_error *err) {
    if (!enq) return bad_arg(err, "enq");
    return guarded(err, [&] {
        const Xapian::valueno v = static_cast<Xapian::valueno>(slot);
        if (slot < 0) {
            enq->enq.set_sort_by_relevance();
        } else if (descending || enq->rdb->remote) {
            // "" (no value) sorts first: last descending; ascending on a
            // remote shard, whose protocol takes no KeyMaker, first
            // (scrutiny-query(1) says so)
            enq->enq.set_sort_by_value_then_relevance(v, descending != 0);
        } else {
            // ascending, a document without the value comes last: an
            // undated one is no answer to "the oldest first"
            enq->keymaker = std::make_shared<Xapian::MultiValueKeyMaker>();
            enq->keymaker->add_value(v, false, std::string("\xff"));
            enq->enq.set_sort_by_key_then_relevance(enq->keymaker.get(), false);
        }
        enq->sort_slot = slot < 0 ? -1 : slot;
        enq->sort_descending = descending != 0;
    });
}

xc_status xc_enquire_set_time_limit(xc_enquire *enq, double seconds, xc_error *err) {
    if (!enq || !(seconds >= 0)) return bad_arg(err, "enq or seconds");
    return guarded(err, [&] {
        enq->time_limit = seconds; // set at each match (xc_enquire::check)
    });
}

xc_status xc_enquire_mset(xc_enquire *enq, unsigned first, unsigned max,
                          unsigned check_at_least, xc_mset **out, xc_error *err) {
    if (!enq || !out) return bad_arg(err, "enq or out");
    return guarded(err, [&] {
        *out = new xc_mset{enq->enq.get_mset(first, max, enq->check(check_at_least))};
    });
}

void xc_mset_free(xc_mset *m) {
    try {
        delete m;
    } catch (...) {
    }
}

unsigned xc_mset_size(const xc_mset *m) { return m ? m->size() : 0; }

unsigned xc_mset_estimate(const xc_mset *m) {
    return m ? m->estimate() : 0;
}

xc_status xc_mset_fetch(xc_mset *m, xc_error *err) {
    if (!m) return bad_arg(err, "m");
    return guarded(err, [&] {
        m->mset.fetch();
    });
}

unsigned xc_mset_lower_bound(const xc_mset *m) {
    return m ? m->lower() : 0;
}

int xc_mset_exact(const xc_mset *m) {
    return m && m->lower() == m->upper();
}

xc_status xc_mset_item(xc_mset *m, unsigned i, unsigned *docid, double *weight, xc_doc **doc,
                       xc_error *err) {
    if (!m) return bad_arg(err, "m");
    try {
        if (i >= m->size())
            return set_error(err, XC_ERR_INVALID, "", "result index out of range");
        Xapian::MSetIterator it = m->mset[m->replayed ? m->order[i] : i];
        if (doc) *doc = new xc_doc{it.get_document(), {}};
        if (docid) *docid = *it;
        if (weight && m->replayed) {
            *weight = m->weights[i];
        } else if (weight) {
            *weight = m->weight_of(it);
        }
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
        // No SNIPPET_BACKGROUND_MODEL: it asks the database for the
        // frequency of every word of the text, a round trip each on a
        // remote shard (1,500 a query); the passage shown was already
        // chosen for the query's words, the snippet only places them.
        // Stems remembered by the thread (CountingStemmer, counting
        // nothing): a snippet stems every word of its text, and Snowball
        // was half of a snippet's instructions, the same words hit after
        // hit (the serve mix: 189,696 words, 391M of 713M).
        static thread_local const Xapian::Stem remembered(new CountingStemmer);
        std::string s = m->mset.snippet(snippet_joining(m->mset, remembered,
                                                        std::string(text ? text : "", len)),
                                        length,
                                        remembered,
                                        Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                        hi_start ? hi_start : "", hi_end ? hi_end : "",
                                        omit ? omit : "");
        *out = c_copy(html_unescape(snippet_unjoined(s)));
    });
}

/* ---- facet counting ---- */

/* ---- test hook ---- */

xc_status xc_debug_raise(const char *kind, xc_error *err) {
    if (!kind) return bad_arg(err, "kind");
    return guarded(err, [&] {
        std::string k = kind;
        if (k == "lock") throw Xapian::DatabaseLockError("Unable to get write lock on test: already locked");
        if (k == "lockfile")
            throw Xapian::DatabaseLockError("Unable to get write lock on test: Couldn't open lockfile: Permission denied");
        if (k == "modified") throw Xapian::DatabaseModifiedError("test");
        if (k == "notfound") throw Xapian::DatabaseNotFoundError("test");
        if (k == "opening") throw Xapian::DatabaseOpeningError("test");
        if (k == "version") throw Xapian::DatabaseVersionError("test");
        if (k == "corrupt") throw Xapian::DatabaseCorruptError("test");
        if (k == "queryparser") throw Xapian::QueryParserError("test");
        if (k == "wildcard") throw Xapian::WildcardError("test");
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

