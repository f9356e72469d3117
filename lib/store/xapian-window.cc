// xapian-window.cc: a ranked page with a rescoring window
// (xc_enquire_mset_window), and what it shares with xapian-near.cc: a
// list of documents as a query, a query's phrases and NEARs taken for
// ANDs, an enquire without spies.

#include "xapian-internal.hh"

namespace xcw {

namespace {

// The documents of a sorted list, each weighing `weight`: under OP_FILTER
// (weight 0) it restricts a query to them, and Xapian's matcher skips to
// each in turn instead of checking every match.
class DocidList : public Xapian::PostingSource {
    std::vector<Xapian::docid> ids;
    double weight;
    size_t at = 0;
    bool started = false;

  public:
    DocidList(std::vector<Xapian::docid> v, double w) : ids(std::move(v)), weight(w) {}
    Xapian::doccount get_termfreq_min() const override { return ids.size(); }
    Xapian::doccount get_termfreq_est() const override { return ids.size(); }
    Xapian::doccount get_termfreq_max() const override { return ids.size(); }
    Xapian::docid get_docid() const override { return ids[at]; }
    double get_weight() const override { return weight; }
    bool at_end() const override { return started && at >= ids.size(); }
    void next(double) override {
        if (started) at++;
        started = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started = true;
        at = std::lower_bound(ids.begin() + at, ids.end(), did) - ids.begin();
    }
    bool check(Xapian::docid did, double min_wt) override {
        skip_to(did, min_wt);
        return true;
    }
    PostingSource *clone() const override { return new DocidList(ids, weight); }
    void init(const Xapian::Database &) override {
        at = 0;
        started = false;
        set_maxweight(weight);
    }
};

bool positional(Xapian::Query::op op) {
    return op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
}

}  // namespace

Xapian::Query docs_of(std::vector<Xapian::docid> ids, double weight) {
    return Xapian::Query((new DocidList(std::move(ids), weight))->release());
}

Xapian::Query without_positions(const Xapian::Query &q) {
    auto op = q.get_type();
    size_t n = q.get_num_subqueries();
    switch (op) {
    case Xapian::Query::OP_PHRASE: case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_AND: case Xapian::Query::OP_OR: case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER: case Xapian::Query::OP_SYNONYM: case Xapian::Query::OP_MAX: {
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < n; i++) subs.push_back(without_positions(q.get_subquery(i)));
        return Xapian::Query(positional(op) ? Xapian::Query::OP_AND : op, subs.begin(), subs.end());
    }
    case Xapian::Query::OP_AND_NOT: { // what it excludes stays as exact
        std::vector<Xapian::Query> subs{without_positions(q.get_subquery(0))};
        for (size_t i = 1; i < n; i++) subs.push_back(q.get_subquery(i));
        return Xapian::Query(op, subs.begin(), subs.end());
    }
    default: // leaves, XOR, ELITE_SET, SCALE_WEIGHT (its factor cannot be read back)
        return q;
    }
}

bool has_positions(const Xapian::Query &q) {
    if (positional(q.get_type())) return true;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (has_positions(q.get_subquery(i))) return true;
    return false;
}

Xapian::MSet weigh(xc_enquire *enq, const Xapian::Query &q, Xapian::doccount first,
                   Xapian::doccount max, Xapian::doccount check) {
    Xapian::Enquire e(enq->rdb->db);
    e.set_weighting_scheme(*enq->weight);
    e.set_query(q);
    return e.get_mset(first, max, time_limited(e, enq->time_limit, check));
}

Xapian::MSet instead(xc_enquire *enq, const Xapian::Query &q, Xapian::doccount first,
                     Xapian::doccount max, Xapian::doccount check) {
    const Xapian::Query own = enq->enq.get_query();
    enq->enq.set_query(q);
    try {
        Xapian::MSet m = enq->enq.get_mset(first, max, enq->check(check));
        enq->enq.set_query(own);
        return m;
    } catch (...) {
        enq->enq.set_query(own);
        throw;
    }
}

}  // namespace xcw

using namespace xcw;

namespace {

// The window's documents weigh this much more than their own weight, so
// that they rank above every other match (a BM25 weight is a few units per
// query word; a query holds at most a few hundred) and still differ in
// the digits a double keeps beyond it.
constexpr double LIFT = 1e6;

// q with each phrase that decides its matches and whose set rdb keeps
// (xapian-docset.cc matched it whole, or made it from its phrase term)
// taken for its words' AND filtered by
// that set, within ids (sorted): the same matches among ids, weighed the
// same (a phrase weighs as its words' AND), and no position read again.
// Not under a synonym (a phrase's wdf there is its words' least, an AND's
// their sum), nor on AND_MAYBE's weighing side or AND_NOT's excluding one.
Xapian::Query with_kept_sets(xc_rdb &rdb, const Xapian::Query &q,
                             const std::vector<Xapian::docid> &ids) {
    auto op = q.get_type();
    size_t n = q.get_num_subqueries();
    switch (op) {
    case Xapian::Query::OP_PHRASE: {
        auto kept = rdb.sets.find(set_key(q));
        // a phrase of the field's: its set from its term, where the
        // window's documents would each have their positions read
        if (kept == rdb.sets.end() && keep_phrase_set(rdb, q)) kept = rdb.sets.find(set_key(q));
        if (kept == rdb.sets.end()) return q;
        std::vector<Xapian::docid> in;
        for (Xapian::docid did : ids)
            if (roaring_bitmap_contains(kept->second, did)) in.push_back(did);
        return Xapian::Query(Xapian::Query::OP_FILTER, without_positions(q), docs_of(std::move(in)));
    }
    case Xapian::Query::OP_AND: case Xapian::Query::OP_OR: case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_MAYBE: case Xapian::Query::OP_AND_NOT: {
        bool all = op != Xapian::Query::OP_AND_MAYBE && op != Xapian::Query::OP_AND_NOT;
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < n; i++)
            subs.push_back(i == 0 || all ? with_kept_sets(rdb, q.get_subquery(i), ids)
                                         : q.get_subquery(i));
        return Xapian::Query(op, subs.begin(), subs.end());
    }
    default:
        return q;
    }
}

}  // namespace

extern "C" {

xc_status xc_enquire_mset_window(xc_enquire *enq, const xc_pool *pool, unsigned first,
                                 unsigned max, unsigned check, xc_mset **out, xc_error *err) {
    if (!enq || !out) return bad_arg(err, "enq or out");
    return guarded(err, [&] {
        if (!pool || pool->ids.empty()) { // no window, or nothing in it: nor any match
            *out = new xc_mset{enq->enq.get_mset(first, max, enq->check(check))};
            return;
        }
        std::vector<Xapian::docid> ids(pool->ids);
        std::sort(ids.begin(), ids.end());
        const Xapian::Query q = enq->enq.get_query();
        // the window's documents weighed in full (Xapian's NEARs: the
        // library's own checks, xapian-near.cc's, ranked ../shared/realdocs
        // worse, nDCG@10 0.705 against 0.712, MRR 0.841 against 0.935)
        const Xapian::Query full(Xapian::Query::OP_FILTER, with_kept_sets(*enq->rdb, q, ids),
                                 docs_of(ids));
        // Without every match to see, the window alone, when it fills the
        // page; the counts are then Xapian's estimates, no match checked
        // (the others would be weighed, phrases checked, until the page
        // held only the window's).
        if (check < enq->rdb->db.get_doccount()) {
            Xapian::MSet inside = instead(enq, full, first, max, check);
            if (inside.size() == max) {
                Xapian::MSet counts = enq->enq.get_mset(0, 0, enq->check(check));
                auto *m = new xc_mset{inside};
                m->counted = true;
                m->counts[0] = counts.get_matches_lower_bound();
                m->counts[1] = counts.get_matches_estimated();
                m->counts[2] = counts.get_matches_upper_bound();
                // the window's matches are certain
                m->counts[0] = std::max(m->counts[0], inside.get_matches_lower_bound());
                m->counts[1] = std::max(m->counts[1], m->counts[0]);
                m->counts[2] = std::max(m->counts[2], m->counts[1]);
                *out = m;
                return;
            }
        }
        // the window's matches lifted above the others; every match once
        Xapian::Query windowed(Xapian::Query::OP_OR,
                               Xapian::Query(Xapian::Query::OP_AND, q, docs_of(ids, LIFT)),
                               Xapian::Query(Xapian::Query::OP_AND_NOT, q, docs_of(ids)));
        *out = new xc_mset{instead(enq, windowed, first, max, check), LIFT};
    });
}

xc_status xc_ranking_replay(xc_enquire *enq, const xc_ranking *r, xc_mset **out,
                            xc_error *err) {
    if (!enq || !r || !out) return bad_arg(err, "enq, r or out");
    *out = nullptr;
    return guarded(err, [&] {
        // the kept documents alone, weighed for their items (documents,
        // snippets); their weights, order and counts are the kept ones
        std::vector<Xapian::docid> ids(r->ids);
        std::sort(ids.begin(), ids.end());
        const Xapian::Query q = enq->enq.get_query();
        const Xapian::Query full(Xapian::Query::OP_FILTER, with_kept_sets(*enq->rdb, q, ids),
                                 docs_of(ids));
        Xapian::MSet m = instead(enq, full, 0, static_cast<Xapian::doccount>(ids.size()), 0);
        std::unordered_map<Xapian::docid, Xapian::doccount> at;
        for (Xapian::doccount i = 0; i < m.size(); i++) at[*m[i]] = i;
        std::unique_ptr<xc_mset> replay(new xc_mset{m});
        for (Xapian::docid did : r->ids) {
            auto found = at.find(did);
            if (found == at.end()) { // it no longer answers so: rank afresh
                count_replay(false);
                return;
            }
            replay->order.push_back(found->second);
        }
        replay->weights = r->weights;
        replay->replayed = true;
        replay->counted = true;
        std::copy(r->counts, r->counts + 3, replay->counts);
        *out = replay.release();
        count_replay(true);
    });
}

}  // extern "C"
