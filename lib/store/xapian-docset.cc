// xapian-docset.cc: the documents a query matches, as a set built from
// its terms' postings (AND, OR, NOT, FILTER...), for exact facet counts and
// totals without Xapian's matcher weighing every match.  Value ranges and
// wildcards are matched by Xapian, unweighted.  A phrase or NEAR that
// decides the set is not done here by xc_query_docs: checking its
// positions is the cost, and the caller's unweighted match of the whole
// query checks them within its other conditions.  xc_query_docs_positions
// (the kind facet's query per kind) has Xapian match it whole, unweighted.
// Terms' sets, and phrases' matched whole, are kept with the database's
// revision (xc_rdb::sets) for the next query that asks.
// On a large local database, Xapian's match of a phrase or NEAR is
// shared between two threads (add_shared_matches).

#include <roaring/roaring.h>

#include <exception>
#include <thread>
#include <vector>

#include "xapian-internal.hh"

using namespace xcw;

namespace {

using Q = Xapian::Query;

// Operators whose set is its subqueries' sets combined.
bool combines(Q::op op) {
    return op == Q::OP_AND || op == Q::OP_OR || op == Q::OP_AND_NOT || op == Q::OP_XOR ||
           op == Q::OP_AND_MAYBE || op == Q::OP_FILTER || op == Q::OP_SYNONYM ||
           op == Q::OP_MAX || op == Q::OP_SCALE_WEIGHT;
}

// Leaves of the set that Xapian itself matches (values, expansion).
bool matched_by_xapian(Q::op op) {
    return op == Q::OP_VALUE_RANGE || op == Q::OP_VALUE_GE || op == Q::OP_VALUE_LE ||
           op == Q::OP_WILDCARD;
}

bool positional(Q::op op) { return op == Q::OP_PHRASE || op == Q::OP_NEAR; }

// The phrase term (xapian-phrases.cc) whose postings are q's set in rdb,
// or "": q is no phrase of the field's, or not every document was checked
// for it.
std::string phrase_term(xc_rdb &rdb, const Q &q) {
    std::string term;
    if (!phrase_query_term(q, term) || !indexed_phrases(rdb).count(term)) return std::string();
    return term;
}

// Whether q is a union (OR, SYNONYM, MAX) of a phrase or NEAR and other
// subqueries that read no positions ("looked after children" beside its
// acronym LAC): evaluate() then checks the phrase only where the others do
// not match, and keeps the union's set whole.
bool union_beside_positions(const Q &q) {
    Q::op op = q.get_type();
    if (op != Q::OP_OR && op != Q::OP_SYNONYM && op != Q::OP_MAX) return false;
    bool phrase = false, other = false;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        (positional(q.get_subquery(i).get_type()) ? phrase : other) = true;
    return phrase && other;
}

// Which phrases and NEARs evaluate() may match whole: none, those whose
// sets rdb keeps already, or all; unless_narrowed: all where none is
// narrowed (below), else the kept ones.
enum class Positions { none, kept, all, unless_narrowed };

// The subqueries that decide q's set: AND_MAYBE's and SCALE_WEIGHT's first.
size_t deciding(const Q &q) {
    Q::op op = q.get_type();
    return op == Q::OP_AND_MAYBE || op == Q::OP_SCALE_WEIGHT
               ? std::min<size_t>(1, q.get_num_subqueries())
               : q.get_num_subqueries();
}

// Whether evaluate() can make q's set (OP_ELITE_SET picks terms by weight;
// phrases and NEARs as positions allows, see above).
bool supported(const Q &q, Positions positions, xc_rdb &rdb) {
    Q::op op = q.get_type();
    if (op == Q::LEAF_TERM || op == Q::LEAF_MATCH_ALL || op == Q::LEAF_MATCH_NOTHING ||
        matched_by_xapian(op))
        return true;
    if (positional(op))
        return positions == Positions::all || !phrase_term(rdb, q).empty() ||
               (positions == Positions::kept && rdb.sets.count(set_key(q)));
    if (!combines(op)) return false;
    // a union that evaluate() made whole before (its phrase's set is not kept)
    if (positions == Positions::kept && union_beside_positions(q) && rdb.sets.count(set_key(q)))
        return true;
    for (size_t i = 0; i < deciding(q); i++)
        if (!supported(q.get_subquery(i), positions, rdb)) return false;
    return true;
}

// Whether a phrase or NEAR of q's set stands under an AND, FILTER or
// AND_NOT beside other conditions: Xapian's match of the whole checks its
// positions only where those hold, where matching it whole would check
// them in every document that holds its words.
bool narrowed(xc_rdb &rdb, const Q &q, bool under) {
    Q::op op = q.get_type();
    if (positional(op)) return under && phrase_term(rdb, q).empty();
    if (!combines(op)) return false;
    bool narrows = (op == Q::OP_AND || op == Q::OP_FILTER || op == Q::OP_AND_NOT) &&
                   q.get_num_subqueries() > 1;
    for (size_t i = 0; i < deciding(q); i++)
        if (narrowed(rdb, q.get_subquery(i), under || narrows)) return true;
    return false;
}

// Adds to out the set rdb keeps under key (a term, or NUL and a query's
// description), or a copy of another handle's (shared_set_copy), or the
// one make makes (into an empty set), then kept there, and shared, if make
// says it is whole (a time limit can cut a match short).
void cached_set(xc_rdb &rdb, const std::string &key, roaring_bitmap_t *out,
                const std::function<bool(roaring_bitmap_t *)> &make) {
    auto kept = rdb.sets.find(key);
    if (kept != rdb.sets.end()) return roaring_bitmap_or_inplace(out, kept->second);
    roaring_bitmap_t *made = shared_set_copy(rdb, key); // another handle's
    const bool theirs = made;
    if (!made && !(made = roaring_bitmap_create())) throw std::bad_alloc();
    bool whole = true;
    try {
        if (!theirs) whole = make(made);
        if (whole && !theirs) share_set(rdb, key, made);
    } catch (...) {
        roaring_bitmap_free(made);
        throw;
    }
    roaring_bitmap_or_inplace(out, made);
    if (!whole) return roaring_bitmap_free(made);
    size_t bytes = roaring_bitmap_size_in_bytes(made) + key.size();
    if (rdb.sets_bytes + bytes > SETS_BYTES) rdb.drop_sets();
    try {
        rdb.sets.emplace(key, made);
    } catch (...) {
        roaring_bitmap_free(made);
        throw;
    }
    rdb.sets_bytes += bytes;
}

// The documents indexed by term in a remote shard, in one message: an
// unweighted MSet of them all.  Its postlist would come a message a
// posting (xapian-tcpsrv writes each on its own): 260-300 ms for 5,000
// postings on loopback here, against 5-13 ms for the MSet.
void remote_term_docs(const Xapian::Database &shard, const std::string &term,
                      const std::function<void(Xapian::docid)> &add) {
    Xapian::Enquire enq(shard);
    enq.set_query(Xapian::Query(term));
    enq.set_weighting_scheme(Xapian::BoolWeight());
    enq.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::doccount all = shard.get_doccount();
    const Xapian::MSet m = enq.get_mset(0, all, all);
    for (auto it = m.begin(); it != m.end(); ++it) add(*it);
}

// term's postings in the docids of rdb, read shard by shard, the remote
// ones at once (each_shard) and each as an MSet (remote_term_docs), into
// ids; false, nothing read, unless rdb's parts are its databases one for
// one and one at least is remote.
bool remote_postings(xc_rdb &rdb, const std::string &term, std::vector<uint32_t> &ids) {
    const size_t n = rdb.parts.size();
    if (!rdb.remote || rdb.db.size() != n) return false;
    for (const xc_rdb_part &part : rdb.parts)
        if (part.opened.size() != 1) return false;
    // a shard's docid d is the whole's (d - 1) * n + shard + 1
    std::vector<std::vector<uint32_t>> of(n);
    auto read = [&](size_t k) {
        const Xapian::Database &shard = rdb.parts[k].opened;
        auto add = [&](Xapian::docid d) { of[k].push_back(static_cast<uint32_t>((d - 1) * n + k + 1)); };
        if (rdb.parts[k].open) return remote_term_docs(shard, term, add);
        const auto end = shard.postlist_end(term);
        for (auto p = shard.postlist_begin(term); p != end; ++p) add(*p);
    };
    std::vector<bool> remote(n);
    for (size_t k = 0; k < n; k++) remote[k] = static_cast<bool>(rdb.parts[k].open);
    each_shard(remote, read);
    for (const auto &v : of) ids.insert(ids.end(), v.begin(), v.end());
    return true;
}

// Every document indexed by term, added to out in one call (a call per
// docid costs CRoaring a container look-up each).
void term_docs(xc_rdb &rdb, const std::string &term, roaring_bitmap_t *out) {
    std::vector<uint32_t> ids;
    if (!remote_postings(rdb, term, ids)) {
        const Xapian::Database &db = rdb.db;
        ids.reserve(db.get_termfreq(term));
        const auto end = db.postlist_end(term);
        for (auto p = db.postlist_begin(term); p != end; ++p) ids.push_back(*p);
    }
    roaring_bitmap_add_many(out, ids.size(), ids.data());
}

void add_postings(xc_rdb &rdb, const std::string &term, roaring_bitmap_t *out) {
    cached_set(rdb, term, out, [&](roaring_bitmap_t *into) {
        term_docs(rdb, term, into);
        return true;
    });
}

// Collects the docids of one database's matches (a spy over several shards
// would see each shard's own docids).
struct DocidSpy : public Xapian::MatchSpy {
    std::vector<uint32_t> ids;
    void operator()(const Xapian::Document &doc, double) override { ids.push_back(doc.get_docid()); }
};

}  // namespace

bool xcw::add_matches(const Xapian::Database &db, bool remote, const Xapian::Query &q,
                      double seconds, roaring_bitmap_t *out) {
    Xapian::Enquire enq(db);
    enq.set_query(db.size() > 1 ? for_several_databases(q) : q);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    enq.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::doccount all = db.get_doccount();
    const Xapian::doccount check = time_limited(enq, seconds, all);
    std::vector<uint32_t> ids;
    Xapian::MSet m;
    if (db.size() == 1 && !remote) {
        DocidSpy spy;
        enq.add_matchspy(&spy);
        m = enq.get_mset(0, 0, check);
        enq.clear_matchspies();
        ids.swap(spy.ids);
    } else {
        m = enq.get_mset(0, all, check);
        for (auto i = m.begin(); i != m.end(); ++i) ids.push_back(*i);
    }
    roaring_bitmap_add_many(out, ids.size(), ids.data());
    // (with its time up it looked at none: a term's bounds still meet)
    return check == all && counted_whole(m);
}

namespace {

// Docids lo..hi as a query: under OP_FILTER it keeps a match to them
// (each is a candidate; the other side says which match).
class DocidRange : public Xapian::PostingSource {
    Xapian::docid lo, hi, at = 0;

  public:
    DocidRange(Xapian::docid l, Xapian::docid h) : lo(l), hi(h) {}
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return hi - lo + 1; }
    Xapian::doccount get_termfreq_max() const override { return hi - lo + 1; }
    Xapian::docid get_docid() const override { return at; }
    bool at_end() const override { return at > hi; }
    void next(double) override { at = at ? at + 1 : lo; }
    void skip_to(Xapian::docid did, double) override { at = std::max({at, did, lo}); }
    bool check(Xapian::docid did, double min_wt) override {
        skip_to(did, min_wt);
        return true;
    }
    PostingSource *clone() const override { return new DocidRange(lo, hi); }
    void init(const Xapian::Database &) override { at = 0; }
};

// A database as large as this or larger shares a phrase's matching
// between two threads: checking positions is a phrase's whole cost (a
// common phrase of 10,000 generated documents, 40 ms), a thread a few
// microseconds.
constexpr Xapian::doccount SHARED_MATCH_DOCS = 2000;

// rdb's twin handle (xc_rdb::twin) at the revision rdb's own handle reads,
// or nullptr: not one local database, a single core, or the twin cannot
// reach that revision (the indexer committed in between).
Xapian::Database *twin_of(xc_rdb &rdb) {
    if (rdb.remote || rdb.parts.size() != 1 || rdb.db.size() != 1 ||
        rdb.db.get_doccount() < SHARED_MATCH_DOCS || std::thread::hardware_concurrency() < 2)
        return nullptr;
    // an open or reopen while the indexer swaps the directory could read
    // one directory's version file and the other's tables: the path must
    // name the reader's directory before and after
    const xc_rdb_part &part = rdb.parts[0];
    try {
        if (!part_unmoved(part)) return nullptr;
        if (!rdb.has_twin) {
            rdb.twin = Xapian::Database(part.path);
            rdb.has_twin = true;
        }
        auto same = [&] {
            return rdb.twin.get_uuid() == rdb.db.get_uuid() &&
                   rdb.twin.get_revision() == rdb.db.get_revision();
        };
        if (!same()) rdb.twin.reopen();
        if (part_unmoved(part)) return same() ? &rdb.twin : nullptr;
    } catch (const Xapian::Error &) { // moved, or being swapped
    }
    rdb.drop_twin(); // one thread now; opened afresh next time
    return nullptr;
}

// q's matches as add_matches finds them, within what half(false) and
// half(true) restrict a match to (the lower and the upper half of the
// candidates): the lower half on this thread, the upper on twin (rdb's
// twin handle, twin_of), with its own copy of the query (a Query's
// reference counts are not atomic; a query that cannot be copied so stays
// on one thread, which then matches both halves).
bool add_halves(xc_rdb &rdb, Xapian::Database *twin, const Q &q, double seconds,
                roaring_bitmap_t *out, const std::function<Q(bool upper)> &half) {
    std::string serialised;
    try {
        if (twin) serialised = q.serialise();
    } catch (const Xapian::UnimplementedError &) { // a posting source of ours
        twin = nullptr;
    }
    if (!twin) // one match over both halves, within the one time limit
        return add_matches(rdb.db, rdb.remote, Q(Q::OP_FILTER, q, Q(Q::OP_OR, half(false), half(true))),
                           seconds, out);
    Bitmap upper;
    bool upper_whole = false;
    std::exception_ptr failed;
    std::thread helper([&, twin] {
        try {
            const Q own = Q::unserialise(serialised);
            upper_whole = add_matches(*twin, false, Q(Q::OP_FILTER, own, half(true)), seconds, upper.b);
        } catch (...) {
            failed = std::current_exception();
        }
    });
    bool whole;
    try {
        whole = add_matches(rdb.db, rdb.remote, Q(Q::OP_FILTER, q, half(false)), seconds, out);
    } catch (...) {
        helper.join();
        throw;
    }
    helper.join();
    if (failed) std::rethrow_exception(failed);
    roaring_bitmap_or_inplace(out, upper.b);
    return whole && upper_whole;
}

// q's matches, as add_matches finds them; on a large local database two
// threads match the lower and the upper half of the docids.
bool add_shared_matches(xc_rdb &rdb, const Q &q, double seconds, roaring_bitmap_t *out) {
    Xapian::Database *twin = twin_of(rdb);
    if (!twin) return add_matches(rdb.db, rdb.remote, q, seconds, out);
    const Xapian::docid last = rdb.db.get_lastdocid(), mid = last / 2;
    return add_halves(rdb, twin, q, seconds, out, [&](bool upper) {
        return Q((upper ? new DocidRange(mid + 1, last) : new DocidRange(1, mid))->release());
    });
}

// So many candidates or more are shared between two threads (a phrase's
// positions, checked, cost some 10,000 instructions a generated document).
constexpr size_t SHARED_MATCH_CANDIDATES = 256;

// q's matches among the documents of within (one local database: a list
// of docids is a shard's own), as add_shared_matches finds them.
bool add_shared_matches_within(xc_rdb &rdb, const Q &q, const roaring_bitmap_t *within,
                               double seconds, roaring_bitmap_t *out) {
    std::vector<Xapian::docid> ids(roaring_bitmap_get_cardinality(within));
    static_assert(sizeof(Xapian::docid) == sizeof(uint32_t), "docids are 32 bits");
    roaring_bitmap_to_uint32_array(within, ids.data());
    Xapian::Database *twin = ids.size() < SHARED_MATCH_CANDIDATES ? nullptr : twin_of(rdb);
    if (!twin)
        return add_matches(rdb.db, rdb.remote, Q(Q::OP_FILTER, q, docs_of(std::move(ids))), seconds, out);
    const auto mid = ids.begin() + static_cast<std::ptrdiff_t>(ids.size() / 2);
    return add_halves(rdb, twin, q, seconds, out, [&](bool upper) {
        return docs_of(upper ? std::vector<Xapian::docid>(mid, ids.end())
                             : std::vector<Xapian::docid>(ids.begin(), mid));
    });
}

// The set of a union (union_beside_positions) on one local database: the
// subqueries that read no positions first, then each phrase or NEAR
// matched only among the documents that hold its words and are not in the
// set already (a phrase's own set, when kept, as it is).  Returns whether
// it is whole.
bool union_phrases_last(xc_rdb &rdb, const Q &q, double seconds, roaring_bitmap_t *out);

void evaluate(xc_rdb &rdb, const Q &q, double seconds, roaring_bitmap_t *out) {
    Q::op op = q.get_type();
    if (op == Q::LEAF_MATCH_NOTHING) return;
    if (op == Q::LEAF_MATCH_ALL) return add_postings(rdb, std::string(), out);
    if (op == Q::LEAF_TERM) return add_postings(rdb, *q.get_terms_begin(), out);
    if (matched_by_xapian(op)) // a range or a wildcard: kept as a phrase is
        return cached_set(rdb, set_key(q), out, [&](roaring_bitmap_t *into) {
            return add_matches(rdb.db, rdb.remote, q, seconds, into);
        });
    if (positional(op)) // as supported() allowed; kept by its description
        return cached_set(rdb, set_key(q), out, [&](roaring_bitmap_t *into) { // (the window's key)
            const std::string term = phrase_term(rdb, q);
            if (term.empty()) return add_shared_matches(rdb, q, seconds, into);
            term_docs(rdb, term, into);
            return true;
        });
    if (union_beside_positions(q) && !rdb.remote && rdb.db.size() == 1)
        return cached_set(rdb, set_key(q), out, [&](roaring_bitmap_t *into) {
            return union_phrases_last(rdb, q, seconds, into);
        });
    size_t n = deciding(q);
    if (n == 0) return;
    evaluate(rdb, q.get_subquery(0), seconds, out);
    for (size_t i = 1; i < n; i++) {
        if ((op == Q::OP_AND || op == Q::OP_FILTER || op == Q::OP_AND_NOT) &&
            roaring_bitmap_is_empty(out))
            return; // nothing left to keep
        Bitmap sub;
        evaluate(rdb, q.get_subquery(i), seconds, sub.b);
        if (op == Q::OP_AND || op == Q::OP_FILTER)
            roaring_bitmap_and_inplace(out, sub.b);
        else if (op == Q::OP_AND_NOT)
            roaring_bitmap_andnot_inplace(out, sub.b);
        else if (op == Q::OP_XOR)
            roaring_bitmap_xor_inplace(out, sub.b);
        else
            roaring_bitmap_or_inplace(out, sub.b);
    }
}

bool union_phrases_last(xc_rdb &rdb, const Q &q, double seconds, roaring_bitmap_t *out) {
    const size_t n = q.get_num_subqueries();
    for (size_t i = 0; i < n; i++)
        if (!positional(q.get_subquery(i).get_type())) evaluate(rdb, q.get_subquery(i), seconds, out);
    bool whole = true;
    for (size_t i = 0; i < n; i++) {
        const Q sub = q.get_subquery(i);
        if (!positional(sub.get_type())) continue;
        if (rdb.sets.count(set_key(sub)) || !phrase_term(rdb, sub).empty()) { // no positions to read
            evaluate(rdb, sub, seconds, out);
            continue;
        }
        Bitmap candidates;
        evaluate(rdb, without_positions(sub), seconds, candidates.b);
        roaring_bitmap_andnot_inplace(candidates.b, out);
        if (!roaring_bitmap_is_empty(candidates.b))
            whole &= add_shared_matches_within(rdb, sub, candidates.b, seconds, out);
    }
    return whole;
}

}  // namespace

void xcw::term_set(xc_rdb &rdb, const std::string &term, roaring_bitmap_t *out) {
    add_postings(rdb, term, out);
}

bool xcw::keep_phrase_set(xc_rdb &rdb, const Xapian::Query &q) {
    if (!positional(q.get_type()) || phrase_term(rdb, q).empty()) return false;
    Bitmap made;
    evaluate(rdb, q, 0, made.b); // from the term's postings, kept under q's key
    return true;
}

extern "C" {

// The three below.
static xc_status query_docs(xc_rdb *db, const xc_query *q, double seconds, Positions positions,
                            roaring_bitmap_t *out, int *done, xc_error *err) {
    if (!db || !q || !out || !done) return bad_arg(err, "db, q, out or done");
    *done = 0;
    return guarded(err, [&] {
        if (positions == Positions::unless_narrowed)
            positions = narrowed(*db, q->q, false) ? Positions::kept : Positions::all;
        if (!supported(q->q, positions, *db)) return;
        evaluate(*db, q->q, seconds, out);
        *done = 1;
    });
}

xc_status xc_rdb_term_bits(xc_rdb *db, const char *term, uint64_t *bits, size_t nwords,
                           int *kept, xc_error *err) {
    if (!db || !term || (!bits && nwords)) return bad_arg(err, "db, term or bits");
    if (kept) *kept = 0;
    return guarded(err, [&] {
        const std::string t(term);
        std::vector<uint32_t> ids;
        // a facet value's set as the writer kept it, else its postings
        const bool from_kept = db->kept() && kept_set(db->db, t, ids);
        if (kept) *kept = from_kept;
        if (from_kept || remote_postings(*db, t, ids)) {
            for (uint32_t d : ids)
                if (d / 64 < nwords) bits[d / 64] |= UINT64_C(1) << (d % 64);
            return;
        }
        const auto end = db->db.postlist_end(t);
        for (auto p = db->db.postlist_begin(t); p != end; ++p) {
            Xapian::docid d = *p;
            if (d / 64 < nwords) bits[d / 64] |= UINT64_C(1) << (d % 64);
        }
    });
}

xc_status xc_query_docs(xc_rdb *db, const xc_query *q, double seconds, roaring_bitmap_t *out,
                        int *done, xc_error *err) {
    return query_docs(db, q, seconds, Positions::none, out, done, err);
}

xc_status xc_query_docs_positions(xc_rdb *db, const xc_query *q, double seconds,
                                  roaring_bitmap_t *out, int *done, xc_error *err) {
    return query_docs(db, q, seconds, Positions::all, out, done, err);
}

xc_status xc_query_docs_cheap(xc_rdb *db, const xc_query *q, double seconds,
                              roaring_bitmap_t *out, int *done, xc_error *err) {
    return query_docs(db, q, seconds, Positions::unless_narrowed, out, done, err);
}

}  // extern "C"
