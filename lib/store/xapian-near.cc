// xapian-near.cc: the first page of a ranked query whose proximity pairs
// weigh only where their words are near (xc_enquire_mset_near), not as
// Xapian's AND_MAYBE weighs a NEAR: the best documents by the pairs' bound
// (its phrases taken for ANDs), then each pair matched among them by
// Xapian's NEAR, unweighted, and weighed as its words' AND where it
// matched; the query's phrases are checked in those documents alone.

#include "xapian-internal.hh"

using namespace xcw;

namespace {

// Whether q is xc_query_proximity's bound pairs under their factor: an
// AND of two parts, or an OR of such ANDs.
bool bound_pairs(const Xapian::Query &q) {
    if (q.get_type() != Xapian::Query::OP_SCALE_WEIGHT || q.get_num_subqueries() != 1) return false;
    Xapian::Query x = q.get_subquery(0);
    auto pair = [](const Xapian::Query &p) {
        return p.get_type() == Xapian::Query::OP_AND && p.get_num_subqueries() == 2;
    };
    if (pair(x)) return true;
    if (x.get_type() != Xapian::Query::OP_OR) return false;
    for (size_t i = 0; i < x.get_num_subqueries(); i++)
        if (!pair(x.get_subquery(i))) return false;
    return true;
}

// Whether q has bound pairs where near_only() looks for them.
bool has_pairs(const Xapian::Query &q) {
    auto op = q.get_type();
    if (op != Xapian::Query::OP_AND_MAYBE && op != Xapian::Query::OP_FILTER &&
        op != Xapian::Query::OP_AND_NOT)
        return false;
    if (op == Xapian::Query::OP_AND_MAYBE && q.get_num_subqueries() == 2 &&
        bound_pairs(q.get_subquery(1)))
        return true;
    return has_pairs(q.get_subquery(0));
}

// The documents of ids (sorted) where each pair's two parts (a term, or an
// OR of terms) are near, a list a pair: Xapian's NEAR matched over them,
// unweighted (it matches exactly; only its weight under AND_MAYBE is
// unchecked, see near_only).  Its postings read each document's positions
// through one cursor, which keeps the block it read (a term's positions
// lie together, docid after docid); reading them here, by
// Database::positionlist_begin, started a cursor a look-up that read its
// blocks again: 3.2 times the reads, most of feedback's first documents
// for a question on real reports.  One database, local (no bound, and so
// no feedback by proximity, goes to a remote one: search.c).
std::vector<std::vector<Xapian::docid>> near_docs(const Xapian::Database &db,
                                                  const std::vector<Xapian::Query> &pairs,
                                                  const std::vector<Xapian::docid> &ids,
                                                  unsigned window) {
    std::vector<std::vector<Xapian::docid>> where(pairs.size());
    const Xapian::doccount n = static_cast<Xapian::doccount>(ids.size());
    for (size_t k = 0; k < pairs.size(); k++) {
        const Xapian::Query parts[2] = {pairs[k].get_subquery(0), pairs[k].get_subquery(1)};
        Xapian::Enquire e(db);
        e.set_weighting_scheme(Xapian::BoolWeight());
        e.set_docid_order(Xapian::Enquire::ASCENDING);
        e.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                  Xapian::Query(Xapian::Query::OP_NEAR, parts, parts + 2, window),
                                  docs_of(ids)));
        const Xapian::MSet m = e.get_mset(0, n, n);
        where[k].assign(m.begin(), m.end());
    }
    return where;
}

// bound restricted to the documents of ids, its pairs weighed only where
// they are near (then as xc_query_proximity's NEARs weigh them).  Xapian's
// own NEAR under AND_MAYBE is not used: Xapian 1.4.22 weighs it in some
// documents where the words are not near, differently by whether it
// reaches them by next() or skip_to().
Xapian::Query near_only(const Xapian::Database &db, const Xapian::Query &q,
                        const std::vector<Xapian::docid> &ids, unsigned window, double factor) {
    auto op = q.get_type();
    if (op != Xapian::Query::OP_AND_MAYBE && op != Xapian::Query::OP_FILTER &&
        op != Xapian::Query::OP_AND_NOT)
        return Xapian::Query(Xapian::Query::OP_FILTER, q, docs_of(ids));
    Xapian::Query left = near_only(db, q.get_subquery(0), ids, window, factor);
    if (op == Xapian::Query::OP_AND_MAYBE && q.get_num_subqueries() == 2 &&
        bound_pairs(q.get_subquery(1))) {
        Xapian::Query x = q.get_subquery(1).get_subquery(0);
        std::vector<Xapian::Query> pairs, kept;
        if (x.get_type() == Xapian::Query::OP_AND)
            pairs.push_back(x);
        else
            for (size_t i = 0; i < x.get_num_subqueries(); i++) pairs.push_back(x.get_subquery(i));
        std::vector<std::vector<Xapian::docid>> where = near_docs(db, pairs, ids, window);
        for (size_t i = 0; i < pairs.size(); i++)
            if (!where[i].empty())
                kept.emplace_back(Xapian::Query::OP_FILTER, pairs[i], docs_of(std::move(where[i])));
        if (kept.empty()) return left;
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, left,
                             Xapian::Query(factor, Xapian::Query(Xapian::Query::OP_OR, kept.begin(), kept.end())));
    }
    std::vector<Xapian::Query> subs{left};
    for (size_t i = 1; i < q.get_num_subqueries(); i++) subs.push_back(q.get_subquery(i));
    return Xapian::Query(op, subs.begin(), subs.end());
}

// A pool this large is not tried: the page is the best of the last one
// (one step: a query whose words are in most documents but seldom near
// would otherwise weigh thousands here).
constexpr Xapian::doccount MAX_POOL = 120;
static_assert(MAX_POOL <= POOL_EXACT_HEAD, "the pool's weights are Xapian's this far");

// given's first k documents, sorted by docid, and the bound weight of the
// last of them, when given holds k (or every match); else false.
bool pool_first(const xc_pool *given, size_t k, std::vector<Xapian::docid> &ids, double &last) {
    if (!given || (given->ids.size() < k && !given->every)) return false;
    k = std::min(k, given->ids.size());
    ids.assign(given->ids.begin(), given->ids.begin() + k);
    last = k ? given->weights[k - 1] : 0;
    std::sort(ids.begin(), ids.end());
    return true;
}

}  // namespace

extern "C" {

xc_status xc_enquire_mset_near(xc_enquire *enq, const xc_query *bound, unsigned window,
                               double factor, unsigned pool, unsigned max, const xc_pool *given,
                               xc_mset **out, xc_error *err) {
    if (!enq || !bound || !out) return bad_arg(err, "enq, bound or out");
    return guarded(err, [&] {
        // a shard's docids are not the combined ones a filter sees
        if (enq->rdb->db.size() != 1 || !enq->weight) {
            *out = new xc_mset{enq->enq.get_mset(0, max, enq->check(0))};
            return;
        }
        if (!has_pairs(bound->q) && !has_positions(bound->q)) {
            // the bound is the query: the given pool's first are its page
            std::vector<Xapian::docid> ids;
            double last;
            if (pool_first(given, max, ids, last)) {
                *out = new xc_mset{weigh(enq, Xapian::Query(Xapian::Query::OP_FILTER, bound->q,
                                                            docs_of(ids)),
                                         0, max, static_cast<Xapian::doccount>(ids.size()))};
            } else {
                *out = new xc_mset{enq->enq.get_mset(0, max, enq->check(0))};
            }
            return;
        }
        if (pool < max) pool = max;
        Xapian::MSet page;
        for (;;) {
            // the best by the bound (phrases too are checked in the pool
            // only): the given pool's first, when it has them
            std::vector<Xapian::docid> ids;
            double last = 0;
            if (!pool_first(given, pool, ids, last)) {
                Xapian::MSet best = weigh(enq, without_positions(bound->q), 0, pool, 0);
                ids.assign(best.begin(), best.end());
                last = ids.empty() ? 0 : best[ids.size() - 1].get_weight();
                std::sort(ids.begin(), ids.end());
            }
            const Xapian::doccount n = ids.size();
            page = weigh(enq, near_only(enq->rdb->db, bound->q, ids, window, factor), 0, max, n);
            if (n < pool) break; // every match weighed
            // no document outside the pool weighs more than its last bound
            if (page.size() == max && page[max - 1].get_weight() >= last) break;
            pool *= 4;
            if (pool > MAX_POOL) break; // the best of the largest pool
        }
        *out = new xc_mset{page};
    });
}

}  // extern "C"
