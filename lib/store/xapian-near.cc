// xapian-near.cc: the first page of a ranked query whose proximity pairs
// the library checks, not Xapian's matcher (xc_enquire_mset_near): the
// best documents by the pairs' bound (its phrases taken for ANDs), then
// those weighed with each pair only where its words are near, and its
// phrases checked in them alone.

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

// The positions of part's terms (a term or an OR of terms) in did, sorted.
std::vector<Xapian::termpos> positions(const Xapian::Database &db, Xapian::docid did,
                                       const Xapian::Query &part) {
    std::vector<Xapian::termpos> pos;
    for (auto t = part.get_terms_begin(); t != part.get_terms_end(); ++t)
        for (auto p = db.positionlist_begin(did, *t); p != db.positionlist_end(did, *t); ++p)
            pos.push_back(*p);
    std::sort(pos.begin(), pos.end());
    return pos;
}

// Whether the two parts of pair stand within window positions of each
// other in did, as Xapian's NEAR checks them (0 < distance < window).
bool near_in(const Xapian::Database &db, Xapian::docid did, const Xapian::Query &pair,
             unsigned window) {
    const auto a = positions(db, did, pair.get_subquery(0));
    const auto b = positions(db, did, pair.get_subquery(1));
    size_t j = 0;
    for (Xapian::termpos p : a) {
        while (j < b.size() && b[j] + window <= p) j++; // b[j] too far before p
        for (size_t k = j; k < b.size() && b[k] < p + window; k++)
            if (b[k] != p) return true;
    }
    return false;
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
        for (const auto &p : pairs) {
            std::vector<Xapian::docid> where;
            for (Xapian::docid did : ids)
                if (near_in(db, did, p, window)) where.push_back(did);
            if (!where.empty())
                kept.emplace_back(Xapian::Query::OP_FILTER, p, docs_of(std::move(where)));
        }
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
