// xapian-docset.cc: the documents a query matches, as a set built from
// its terms' postings (AND, OR, NOT, FILTER...), for exact facet counts and
// totals without Xapian's matcher weighing every match.  Value ranges and
// wildcards are matched by Xapian, unweighted.  A phrase or NEAR that
// decides the set is not done here for one query: checking its positions is
// the cost, and the caller's weighted match (which checks them anyway)
// counts it once.  With a cache, for queries that share it (the kind
// facet's one per kind), Xapian matches it once, unweighted, for all.

#include <roaring/roaring.h>

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

// Whether evaluate() can make q's set (OP_ELITE_SET picks terms by weight;
// phrases and NEARs only with a cache, see above).
bool supported(const Q &q, bool cached) {
    Q::op op = q.get_type();
    if (op == Q::LEAF_TERM || op == Q::LEAF_MATCH_ALL || op == Q::LEAF_MATCH_NOTHING ||
        matched_by_xapian(op) || (cached && positional(op)))
        return true;
    if (!combines(op)) return false;
    // AND_MAYBE's and SCALE_WEIGHT's first subquery decides the set
    size_t n = op == Q::OP_AND_MAYBE || op == Q::OP_SCALE_WEIGHT ? 1 : q.get_num_subqueries();
    for (size_t i = 0; i < n && i < q.get_num_subqueries(); i++)
        if (!supported(q.get_subquery(i), cached)) return false;
    return true;
}

struct Bitmap {
    roaring_bitmap_t *b;
    Bitmap() : b(roaring_bitmap_create()) {
        if (!b) throw std::bad_alloc();
    }
    ~Bitmap() { roaring_bitmap_free(b); }
    Bitmap(const Bitmap &) = delete;
    Bitmap &operator=(const Bitmap &) = delete;
};

}  // namespace

// Terms' postings already read, and the sets of phrases and NEARs Xapian
// matched (by their description), for queries that share them (the kind
// facet's one query per kind).
struct xc_docset_cache {
    std::unordered_map<std::string, roaring_bitmap_t *> sets;
    ~xc_docset_cache() {
        for (auto &kv : sets) roaring_bitmap_free(kv.second);
    }
};

namespace {

// Adds to out (empty) the set cache keeps under key, or the one make
// adds, then kept there.
void cached_set(xc_docset_cache *cache, const std::string &key, roaring_bitmap_t *out,
                const std::function<void()> &make) {
    if (cache) {
        auto kept = cache->sets.find(key);
        if (kept != cache->sets.end()) return roaring_bitmap_or_inplace(out, kept->second);
    }
    make();
    if (cache) {
        roaring_bitmap_t *copy = roaring_bitmap_copy(out);
        if (!copy) throw std::bad_alloc();
        cache->sets.emplace(key, copy);
    }
}

void add_postings(const Xapian::Database &db, const std::string &term, roaring_bitmap_t *out,
                  xc_docset_cache *cache) {
    cached_set(cache, term, out, [&] {
        std::vector<uint32_t> ids;
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) ids.push_back(*p);
        roaring_bitmap_add_many(out, ids.size(), ids.data());
    });
}

// Collects the docids of one database's matches (a spy over several shards
// would see each shard's own docids).
struct DocidSpy : public Xapian::MatchSpy {
    std::vector<uint32_t> ids;
    void operator()(const Xapian::Document &doc, double) override { ids.push_back(doc.get_docid()); }
};

// Xapian matches q, unweighted; every match is seen.
void add_matches(const Xapian::Database &db, const Q &q, double seconds,
                 roaring_bitmap_t *out) {
    Xapian::Enquire enq(db);
    enq.set_query(q);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    enq.set_docid_order(Xapian::Enquire::ASCENDING);
    if (seconds > 0) enq.set_time_limit(seconds);
    Xapian::doccount all = db.get_doccount();
    std::vector<uint32_t> ids;
    if (db.size() == 1) {
        DocidSpy spy;
        enq.add_matchspy(&spy);
        enq.get_mset(0, 0, all);
        enq.clear_matchspies();
        ids.swap(spy.ids);
    } else {
        Xapian::MSet m = enq.get_mset(0, all, all);
        for (auto i = m.begin(); i != m.end(); ++i) ids.push_back(*i);
    }
    roaring_bitmap_add_many(out, ids.size(), ids.data());
}

void evaluate(const Xapian::Database &db, const Q &q, double seconds, xc_docset_cache *cache,
              roaring_bitmap_t *out) {
    Q::op op = q.get_type();
    if (op == Q::LEAF_MATCH_NOTHING) return;
    if (op == Q::LEAF_MATCH_ALL) return add_postings(db, std::string(), out, cache);
    if (op == Q::LEAF_TERM) return add_postings(db, *q.get_terms_begin(), out, cache);
    if (matched_by_xapian(op)) return add_matches(db, q, seconds, out);
    if (positional(op)) // only with a cache (supported)
        return cached_set(cache, q.get_description(), out,
                          [&] { add_matches(db, q, seconds, out); });
    size_t n = q.get_num_subqueries();
    if (n == 0) return;
    evaluate(db, q.get_subquery(0), seconds, cache, out);
    if (op == Q::OP_AND_MAYBE || op == Q::OP_SCALE_WEIGHT) return; // the first decides
    for (size_t i = 1; i < n; i++) {
        if ((op == Q::OP_AND || op == Q::OP_FILTER || op == Q::OP_AND_NOT) &&
            roaring_bitmap_is_empty(out))
            return; // nothing left to keep
        Bitmap sub;
        evaluate(db, q.get_subquery(i), seconds, cache, sub.b);
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

}  // namespace

extern "C" {

xc_status xc_query_docs(xc_rdb *db, const xc_query *q, double seconds, roaring_bitmap_t *out,
                        int *done, xc_error *err) {
    return xc_query_docs_cached(db, q, seconds, nullptr, out, done, err);
}

xc_status xc_docset_cache_new(xc_docset_cache **out, xc_error *err) {
    if (!out) return bad_arg(err, "out");
    return guarded(err, [&] { *out = new xc_docset_cache{}; });
}

void xc_docset_cache_free(xc_docset_cache *cache) { delete cache; }

xc_status xc_query_docs_cached(xc_rdb *db, const xc_query *q, double seconds,
                               xc_docset_cache *cache, roaring_bitmap_t *out, int *done,
                               xc_error *err) {
    if (!db || !q || !out || !done) return bad_arg(err, "db, q, out or done");
    *done = 0;
    return guarded(err, [&] {
        if (!supported(q->q, cache != nullptr)) return;
        evaluate(db->db, q->q, seconds, cache, out);
        *done = 1;
    });
}

}  // extern "C"
