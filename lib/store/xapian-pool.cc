// xapian-pool.cc: the rescoring window's pool (xc_enquire_pool): a ranked
// query's best documents by its bound, the query without positions.
//
// Xapian's matcher found them by weighing every match through a tree of
// postlists (an OR of the words beside an AND_MAYBE of their pairs): a
// third of a ranked query's instructions, since the thousandth best weight
// prunes almost nothing.  Where the bound is made of what this file knows
// (words, their OR, AND, AND_MAYBE, a scaled side, a synonym of words or
// of their ANDs, a filter or exclusion by terms), the weights are summed here straight
// from the postings with Xapian's BM25 formula, the best taken, and only
// those within a hair of the last one weighed again by Xapian: the pool is
// Xapian's own weights and order, and if any of them differs from the sum
// here by more than rounding, Xapian's matcher makes the pool instead.

#include "xapian-internal.hh"

#include <cmath>

using namespace xcw;

namespace {

using Q = Xapian::Query;

// Matching documents in docid order, each with its weight (or, for a
// synonym's words, its wdf).
struct Scored {
    std::vector<Xapian::docid> ids;
    std::vector<double> w;
    void add(Xapian::docid d, double v) {
        ids.push_back(d);
        w.push_back(v);
    }
    // room for n, made once: growing by doubling copies every posting
    // again and faults new pages in at each step (100,000 postings a word
    // at 100,000 documents)
    void reserve(size_t n) {
        ids.reserve(n);
        w.reserve(n);
    }
};

// How many documents a merge of a and b's can hold (both: only those in
// both).
size_t merged_size(size_t a, size_t b, bool both) { return both ? std::min(a, b) : a + b; }

// Thrown where the bound has a part this file does not weigh as Xapian.
struct Unsupported {};

// a and b's documents, each weighing the sum of its weights in both
// (both: only those in both, else those in either)
Scored merge(const Scored &a, const Scored &b, bool both) {
    Scored out;
    out.reserve(merged_size(a.ids.size(), b.ids.size(), both));
    size_t i = 0, j = 0;
    while (i < a.ids.size() && j < b.ids.size()) {
        if (a.ids[i] == b.ids[j]) {
            out.add(a.ids[i], a.w[i] + b.w[j]);
            i++, j++;
        } else if (a.ids[i] < b.ids[j]) {
            if (!both) out.add(a.ids[i], a.w[i]);
            i++;
        } else {
            if (!both) out.add(b.ids[j], b.w[j]);
            j++;
        }
    }
    for (; !both && i < a.ids.size(); i++) out.add(a.ids[i], a.w[i]);
    for (; !both && j < b.ids.size(); j++) out.add(b.ids[j], b.w[j]);
    return out;
}

// a's documents, b's weight added where b matches too (AND_MAYBE)
void add_maybe(Scored &a, const Scored &b) {
    size_t j = 0;
    for (size_t i = 0; i < a.ids.size() && j < b.ids.size(); i++) {
        while (j < b.ids.size() && b.ids[j] < a.ids[i]) j++;
        if (j < b.ids.size() && b.ids[j] == a.ids[i]) a.w[i] += b.w[j];
    }
}

// a's documents in set (keep) or not in it
Scored restrict_to(const Scored &a, const roaring_bitmap_t *set, bool keep) {
    Scored out;
    out.reserve(a.ids.size());
    for (size_t i = 0; i < a.ids.size(); i++)
        if (roaring_bitmap_contains(set, a.ids[i]) == keep) out.add(a.ids[i], a.w[i]);
    return out;
}

// Xapian 1.4's estimate of how many documents an OR of two matches
// (independent), as a synonym's term frequency is taken.
Xapian::doccount or_estimate(double l, double r, double n) {
    return static_cast<Xapian::doccount>(l + r - (l * r / n) + 0.5);
}

// How many postings q's words have in all.
size_t postings_of(xc_rdb &rdb, const Q &q) {
    size_t sum = 0;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
        sum += rdb.termfreq(*t);
    return sum;
}

// Every document's length, by docid, read once a revision (the doclength
// list in docid order) when the bound's postings are many: a length read
// with a posting costs a skip in that list each, twice a length read in
// order.
const std::vector<Xapian::termcount> *lengths(xc_rdb &rdb, size_t postings) {
    if (!rdb.doclens.empty()) return &rdb.doclens;
    if (postings < 2 * static_cast<size_t>(rdb.db.get_doccount())) return nullptr;
    std::vector<Xapian::termcount> lens(rdb.db.get_lastdocid() + 1);
    for (auto p = rdb.db.postlist_begin(""), end = rdb.db.postlist_end(""); p != end; ++p)
        lens[*p] = p.get_doclength();
    rdb.doclens.swap(lens);
    return &rdb.doclens;
}

// A word's postings: documents, wdfs and the documents' lengths.
struct Postings {
    std::vector<Xapian::docid> ids;
    std::vector<Xapian::termcount> wdf, len;
    void reserve(size_t n) { // as Scored's
        ids.reserve(n);
        wdf.reserve(n);
        len.reserve(n);
    }
};

// a's and b's documents (both: only those in both), the wdfs of those in
// both summed
Postings add_wdfs(const Postings &a, const Postings &b, bool both) {
    Postings out;
    out.reserve(merged_size(a.ids.size(), b.ids.size(), both));
    auto take = [&](const Postings &p, size_t i, Xapian::termcount more) {
        out.ids.push_back(p.ids[i]);
        out.wdf.push_back(p.wdf[i] + more);
        out.len.push_back(p.len[i]);
    };
    size_t i = 0, j = 0;
    while (i < a.ids.size() && j < b.ids.size()) {
        if (a.ids[i] == b.ids[j]) take(a, i++, b.wdf[j++]);
        else if (a.ids[i] < b.ids[j]) both ? (void)i++ : take(a, i++, 0);
        else both ? (void)j++ : take(b, j++, 0);
    }
    for (; !both && i < a.ids.size(); i++) take(a, i, 0);
    for (; !both && j < b.ids.size(); j++) take(b, j, 0);
    return out;
}

class Scorer {
    xc_rdb &rdb;
    const Xapian::Database &db;
    double k1, b, n, inv_avlen;
    size_t total;                                        // the bound's postings
    const std::vector<Xapian::termcount> *lens = nullptr; // by docid, or none
    bool lens_chosen = false; // at the first postings read (none for a bound it gives up on)
    // each word's, read once (the pairs of an AND_MAYBE name them again)
    std::map<std::string, Postings> read;

    // BM25Weight's termweight (its init(), for a query without an RSet)
    double termweight(Xapian::doccount tf, Xapian::termcount wqf, double factor) const {
        double tw = (n - tf + 0.5) / (tf + 0.5);
        if (tw < 2) tw = tw * 0.5 + 1;
        double weight = std::log(tw) * factor;
        weight *= 2.0 * wqf / (1.0 + wqf); // k3 = 1
        return weight * (k1 + 1);
    }
    // and its sumpart
    double sumpart(double termweight, double wdf, Xapian::termcount len) const {
        double normlen = std::max(len * inv_avlen, 0.5);
        return termweight * (wdf / (k1 * (normlen * b + (1 - b)) + wdf));
    }

    const Postings &postings(const std::string &t) {
        auto kept = read.find(t);
        if (kept != read.end()) return kept->second;
        if (!lens_chosen) lens = lengths(rdb, total);
        lens_chosen = true;
        Postings &out = read[t];
        const Xapian::doccount tf = rdb.termfreq(t);
        out.reserve(tf);
        for (auto p = db.postlist_begin(t), end = db.postlist_end(t); p != end; ++p) {
            out.ids.push_back(*p);
            out.wdf.push_back(p.get_wdf());
            out.len.push_back(lens ? (*lens)[*p] : p.get_doclength());
        }
        return out;
    }

    Scored term(const Q &q, double factor) {
        const std::string t = *q.get_terms_begin();
        Scored out;
        const Xapian::doccount tf = rdb.termfreq(t);
        if (tf == 0) return out;
        const double tw = termweight(tf, q.get_length() ? q.get_length() : 1, factor);
        const Postings &p = postings(t);
        out.ids = p.ids;
        out.w.resize(p.ids.size());
        for (size_t i = 0; i < p.ids.size(); i++) out.w[i] = sumpart(tw, p.wdf[i], p.len[i]);
        return out;
    }

    // A synonym: one term whose wdf is its parts' summed (at most the
    // document's length), whose frequency Xapian estimates from theirs as
    // its OrContext pairs them (the two least frequent first), with a wqf
    // of 1.  Its parts: words, and ANDs of words (a phrase taken for its
    // words' AND beside its acronym), whose wdf is their words' summed in
    // the documents that hold them all and whose frequency is estimated as
    // Xapian's MultiAndPostList does, from the least frequent word up.
    void parts_of(const Q &q, std::vector<Q> &parts) {
        if (q.get_type() == Q::OP_OR || q.get_type() == Q::OP_SYNONYM) {
            for (size_t i = 0; i < q.get_num_subqueries(); i++) parts_of(q.get_subquery(i), parts);
            return;
        }
        if (q.get_type() == Q::OP_AND)
            for (size_t i = 0; i < q.get_num_subqueries(); i++)
                if (q.get_subquery(i).get_type() != Q::LEAF_TERM) throw Unsupported();
        if (q.get_type() != Q::LEAF_TERM && q.get_type() != Q::OP_AND) throw Unsupported();
        parts.push_back(q);
    }
    // a part's frequency as Xapian estimates it (0: it matches nothing), and its wdfs
    Xapian::doccount part(const Q &q, Postings &out) {
        if (q.get_type() == Q::LEAF_TERM) {
            const std::string t = *q.get_terms_begin();
            const Xapian::doccount tf = rdb.termfreq(t);
            if (tf) out = postings(t);
            return tf;
        }
        std::vector<std::pair<Xapian::doccount, std::string>> words;
        for (size_t i = 0; i < q.get_num_subqueries(); i++) {
            const std::string t = *q.get_subquery(i).get_terms_begin();
            words.emplace_back(rdb.termfreq(t), t);
            if (words.back().first == 0) return 0;
        }
        std::sort(words.begin(), words.end());
        double est = words[0].first;
        out = postings(words[0].second);
        for (size_t i = 1; i < words.size(); i++) {
            est = (est * words[i].first) / n;
            out = add_wdfs(out, postings(words[i].second), true);
        }
        return static_cast<Xapian::doccount>(est + 0.5);
    }
    Scored synonym(const Q &q, double factor) {
        std::vector<Q> parts;
        for (size_t i = 0; i < q.get_num_subqueries(); i++) parts_of(q.get_subquery(i), parts);
        std::vector<Xapian::doccount> tfs;
        Postings sum; // their wdfs summed
        for (const Q &p : parts) {
            Postings one;
            const Xapian::doccount tf = part(p, one);
            if (tf == 0) continue;
            tfs.push_back(tf);
            sum = add_wdfs(sum, one, false);
        }
        Scored out;
        if (tfs.empty()) return out;
        std::sort(tfs.begin(), tfs.end());
        while (tfs.size() > 1) { // the two least frequent, as a heap gives them
            Xapian::doccount est = or_estimate(tfs[1], tfs[0], n);
            tfs.erase(tfs.begin(), tfs.begin() + 2);
            tfs.insert(std::upper_bound(tfs.begin(), tfs.end(), est), est);
        }
        const double tw = termweight(tfs[0], 1, factor);
        out.ids = sum.ids;
        out.w.resize(sum.ids.size());
        for (size_t i = 0; i < sum.ids.size(); i++)
            out.w[i] = sumpart(tw, std::min(sum.wdf[i], sum.len[i]), sum.len[i]);
        return out;
    }

    // the documents a filter or exclusion names, from its terms' sets
    void set_of(const Q &q, roaring_bitmap_t *out) {
        switch (q.get_type()) {
        case Q::LEAF_TERM: return term_set(rdb, *q.get_terms_begin(), out);
        case Q::OP_OR: case Q::OP_AND: case Q::OP_FILTER: {
            Bitmap acc;
            for (size_t i = 0; i < q.get_num_subqueries(); i++) {
                Bitmap sub;
                set_of(q.get_subquery(i), sub.b);
                if (i == 0 || q.get_type() == Q::OP_OR) roaring_bitmap_or_inplace(acc.b, sub.b);
                else roaring_bitmap_and_inplace(acc.b, sub.b);
            }
            return roaring_bitmap_or_inplace(out, acc.b);
        }
        default:
            throw Unsupported();
        }
    }
    // A filter that keeps few documents is Xapian's to weigh: its matcher
    // skips the postings to them, where the sums here read every posting.
    Scored restricted(const Q &q, double factor) {
        const bool keep = q.get_type() == Q::OP_FILTER;
        std::vector<std::unique_ptr<Bitmap>> sets;
        for (size_t i = 1; i < q.get_num_subqueries(); i++) {
            const Q &sub = q.get_subquery(i);
            // a word's known before its set is made
            if (keep && sub.get_type() == Q::LEAF_TERM &&
                rdb.termfreq(*sub.get_terms_begin()) * 2 < n)
                throw Unsupported();
            sets.emplace_back(new Bitmap);
            set_of(q.get_subquery(i), sets.back()->b);
            if (keep && roaring_bitmap_get_cardinality(sets.back()->b) * 2 < n)
                throw Unsupported();
        }
        Scored out = score(q.get_subquery(0), factor);
        for (const auto &set : sets) out = restrict_to(out, set->b, keep);
        return out;
    }

  public:
    Scorer(xc_rdb &r, double k1_, double b_, size_t postings)
        : rdb(r), db(r.db), k1(k1_), b(b_), n(r.db.get_doccount()), total(postings) {
        const double avlen = db.get_avlength();
        inv_avlen = avlen != 0 ? 1 / avlen : 0;
    }

    Scored score(const Q &q, double factor) {
        switch (q.get_type()) {
        case Q::LEAF_TERM: return term(q, factor);
        case Q::OP_SYNONYM: return synonym(q, factor);
        case Q::OP_SCALE_WEIGHT: { // its factor is read back from its description
            const std::string d = q.get_description(); // "Query(F * ...)", F as "%.20g"
            char *end = nullptr;
            const double f = std::strtod(d.c_str() + 6, &end);
            if (d.compare(0, 6, "Query(") != 0 || !end || std::strncmp(end, " * ", 3) != 0)
                throw Unsupported();
            return score(q.get_subquery(0), factor * f);
        }
        case Q::OP_OR: case Q::OP_AND: {
            Scored out = score(q.get_subquery(0), factor);
            for (size_t i = 1; i < q.get_num_subqueries(); i++)
                out = merge(out, score(q.get_subquery(i), factor), q.get_type() == Q::OP_AND);
            return out;
        }
        case Q::OP_AND_MAYBE: {
            Scored out = score(q.get_subquery(0), factor);
            for (size_t i = 1; i < q.get_num_subqueries(); i++)
                add_maybe(out, score(q.get_subquery(i), factor));
            return out;
        }
        case Q::OP_FILTER: case Q::OP_AND_NOT: return restricted(q, factor);
        default:
            throw Unsupported();
        }
    }
};

// The weights summed here differ from Xapian's by rounding at most (the
// order of the additions): within this share of each other, they are taken
// as one; never as much as this apart, or Xapian makes the pool.
constexpr double ROUNDING = 1e-9;

bool within_rounding(double a, double b) {
    return std::fabs(a - b) <= ROUNDING * std::max(1.0, std::fabs(b));
}

// The pool from the postings (above), or false where Xapian must make it.
// Its first POOL_EXACT_HEAD documents, and any whose place at the end
// rounding could change, are weighed again by Xapian: their weights and
// order are Xapian's; the others' weights are the sums (their order only
// says which are in the pool).
bool pool_from_postings(xc_enquire *enq, const Q &q, unsigned size, xc_pool &pool) {
    xc_rdb &rdb = *enq->rdb;
    if (rdb.remote || enq->bm25_k1 < 0 || rdb.db.get_doccount() == 0) return false;
    Scored all;
    try {
        Scorer scorer(rdb, enq->bm25_k1, enq->bm25_b, postings_of(rdb, q));
        all = scorer.score(q, 1.0);
    } catch (const Unsupported &) {
        return false;
    }
    // best first, ties by docid as Xapian breaks them
    std::vector<size_t> order(all.ids.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = i;
    auto better = [&](size_t x, size_t y) {
        return all.w[x] != all.w[y] ? all.w[x] > all.w[y] : all.ids[x] < all.ids[y];
    };
    // the size-th best, and every document within rounding of it
    const size_t take = std::min<size_t>(size, order.size());
    if (take < order.size()) {
        std::nth_element(order.begin(), order.begin() + (take - 1), order.end(), better);
        const double last = all.w[order[take - 1]];
        auto kept = std::partition(order.begin() + take, order.end(),
                                   [&](size_t i) { return within_rounding(all.w[i], last); });
        order.erase(kept, order.end());
    }
    std::sort(order.begin(), order.end(), better);
    // weighed again: the head and those near its last, and those near the
    // size-th (whose place decides which are in)
    std::vector<Xapian::docid> again;
    const size_t head = std::min<size_t>(POOL_EXACT_HEAD, order.size());
    for (size_t r = 0; r < order.size(); r++) {
        const size_t i = order[r];
        if (r < head || (head && within_rounding(all.w[i], all.w[order[head - 1]])) ||
            (take && within_rounding(all.w[i], all.w[order[take - 1]])))
            again.push_back(all.ids[i]);
    }
    std::sort(again.begin(), again.end());
    Xapian::MSet exact = weigh(enq, Q(Q::OP_FILTER, q, docs_of(again)), 0,
                               static_cast<Xapian::doccount>(again.size()), 0);
    if (exact.size() != again.size()) return false;
    // in Xapian's order where it weighed them: weights as Xapian's
    for (auto it = exact.begin(); it != exact.end(); ++it) {
        const auto at = std::lower_bound(all.ids.begin(), all.ids.end(), *it);
        if (at == all.ids.end() || *at != *it) return false;
        double &mine = all.w[at - all.ids.begin()];
        if (!within_rounding(mine, it.get_weight())) return false;
        mine = it.get_weight();
    }
    std::sort(order.begin(), order.end(), better);
    for (size_t r = 0; r < take; r++) {
        pool.ids.push_back(all.ids[order[r]]);
        pool.weights.push_back(all.w[order[r]]);
    }
    pool.every = all.ids.size() < size;
    return true;
}

// The pool as Xapian's matcher makes it: every match of q weighed.
void matched_pool(xc_enquire *enq, const Q &q, unsigned size, xc_pool &pool) {
    Xapian::MSet best = weigh(enq, q, 0, size, 0);
    for (auto it = best.begin(); it != best.end(); ++it) {
        pool.ids.push_back(*it);
        pool.weights.push_back(it.get_weight());
    }
    pool.every = best.size() < size && counted_whole(best);
}

// Either way; nullptr over several shards or another weighting.
xc_pool *pool_of(xc_enquire *enq, const xc_query *bound, unsigned size, bool summed) {
    // a shard's docids are not the combined ones a list of them sees
    if (enq->rdb->db.size() != 1 || !enq->weight || size == 0) return nullptr;
    const Q q = without_positions(bound->q);
    std::unique_ptr<xc_pool> pool(new xc_pool);
    pool->summed = summed && pool_from_postings(enq, q, size, *pool);
    if (!pool->summed) {
        pool.reset(new xc_pool);
        matched_pool(enq, q, size, *pool);
    }
    return pool.release();
}

}  // namespace

extern "C" {

xc_status xc_enquire_pool(xc_enquire *enq, const xc_query *bound, unsigned size, xc_pool **out,
                          xc_error *err) {
    if (!enq || !bound || !out) return bad_arg(err, "enq, bound or out");
    *out = nullptr;
    return guarded(err, [&] { *out = pool_of(enq, bound, size, true); });
}

xc_status xc_enquire_pool_matched(xc_enquire *enq, const xc_query *bound, unsigned size,
                                  xc_pool **out, xc_error *err) {
    if (!enq || !bound || !out) return bad_arg(err, "enq, bound or out");
    *out = nullptr;
    return guarded(err, [&] { *out = pool_of(enq, bound, size, false); });
}

size_t xc_pool_size(const xc_pool *pool) { return pool ? pool->ids.size() : 0; }

void xc_pool_item(const xc_pool *pool, size_t i, unsigned *docid, double *weight) {
    if (docid) *docid = pool->ids[i];
    if (weight) *weight = pool->weights[i];
}

int xc_pool_every(const xc_pool *pool) { return pool && pool->every; }

int xc_pool_summed(const xc_pool *pool) { return pool && pool->summed; }

void xc_pool_free(xc_pool *pool) { delete pool; }

}  // extern "C"
