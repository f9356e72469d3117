// xapian-sorted.cc: a page sorted by a value (the date) from the set of
// its query's matches (xc_enquire_mset_sorted).
//
// Sorted by a value, Xapian's matcher visits every match for its value
// and weighs each one (relevance breaks the ties): at 10,000 documents
// two thirds of a date-sorted query's instructions.  With the matches
// known as a set, the value's stream says which of them come first, and
// only those are matched and weighed.

#include "xapian-internal.hh"

#include <roaring/roaring.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace xcw;

extern "C" xc_status xc_enquire_mset_sorted(xc_enquire *enq, const roaring_bitmap_t *set,
                                            unsigned first, unsigned max, xc_mset **out,
                                            xc_error *err) {
    if (!enq || !set || !out) return bad_arg(err, "enq, set or out");
    *out = nullptr;
    return guarded(err, [&] {
        const Xapian::Database &db = enq->rdb->db;
        // a shard's docids are not the combined ones the set holds
        if (enq->sort_slot < 0 || db.size() != 1 || enq->rdb->remote || max == 0) return;
        const Xapian::valueno slot = static_cast<Xapian::valueno>(enq->sort_slot);
        const uint64_t want = uint64_t(first) + max;
        // the set's documents that have the value (the others come after
        // them, either way: xc_enquire_sort_by_value), each value as a number that
        // sorts as its bytes do (a date's 8, "YYYYMMDD"; any other
        // length: Xapian's own page): a few are skipped to, more read in
        // the value's stream
        const uint64_t n_set = roaring_bitmap_get_cardinality(set);
        std::vector<std::pair<uint64_t, Xapian::docid>> valued;
        valued.reserve(n_set);
        bool eight = true;
        auto add = [&](const Xapian::ValueIterator &v, Xapian::docid did) {
            const std::string value = *v;
            eight = eight && value.size() == 8;
            uint64_t key = 0;
            for (size_t i = 0; eight && i < 8; i++)
                key = key << 8 | static_cast<unsigned char>(value[i]);
            valued.emplace_back(key, did);
        };
        Xapian::ValueIterator v = db.valuestream_begin(slot);
        const Xapian::ValueIterator end = db.valuestream_end(slot);
        if (n_set * 8 < db.get_doccount()) {
            std::vector<uint32_t> docs(n_set);
            roaring_bitmap_to_uint32_array(set, docs.data());
            for (uint32_t did : docs) {
                if (v != end) v.skip_to(did);
                if (v == end) break;
                if (v.get_docid() == did) add(v, did);
            }
        } else {
            for (; v != end; ++v)
                if (roaring_bitmap_contains(set, v.get_docid())) add(v, v.get_docid());
        }
        // Fewer valued documents than the page reaches leave the others,
        // all tied, in it: then Xapian's own page (rare: nearly every
        // document has a date).
        if (!eight || valued.size() < want) return;
        const bool down = enq->sort_descending;
        auto before = [down](uint64_t a, uint64_t b) { return down ? a > b : a < b; };
        std::nth_element(valued.begin(), valued.begin() + (want - 1), valued.end(),
                         [&](const std::pair<uint64_t, Xapian::docid> &a,
                             const std::pair<uint64_t, Xapian::docid> &b) {
                             return before(a.first, b.first);
                         });
        const uint64_t last = valued[want - 1].first;
        // the first `want`, and every one that ties the last: the page's
        // order is by value, then relevance, among them alone
        std::vector<Xapian::docid> ids;
        for (const auto &d : valued)
            if (!before(last, d.first)) ids.push_back(d.second);
        std::sort(ids.begin(), ids.end());
        const Xapian::Query own = enq->enq.get_query();
        *out = new xc_mset{instead(enq, Xapian::Query(Xapian::Query::OP_FILTER, own,
                                                      docs_of(std::move(ids))),
                                   first, max, 0)};
    });
}
