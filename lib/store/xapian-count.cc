// xapian-count.cc: counting matches: facet values, pairs of values, and
// the docids of the matches, fed by the enquire's one match spy (or by a
// fetched MSet, for remote shards).

#include "xapian-internal.hh"

using namespace xcw;

std::vector<std::string> xcw::split_values(const std::string &all, char sep) {

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

// Hands each match's docid to a C function (for sets of matches).
struct xc_docidspy : public xc_counter {
    xc_docid_fn fn;
    void *ctx;
    xc_docidspy(xc_docid_fn f, void *c) : fn(f), ctx(c) {}
    void see(MatchValues &mv) override { fn(ctx, mv.docid()); }
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

extern "C" {

xc_status xc_docidspy_new(xc_docid_fn fn, void *ctx, xc_docidspy **out, xc_error *err) {
    if (!fn || !out) return bad_arg(err, "fn or out");
    return guarded(err, [&] {
        *out = new xc_docidspy(fn, ctx);
    });
}

void xc_docidspy_free(xc_docidspy *spy) {
    try {
        delete spy;
    } catch (...) {
    }
}

xc_status xc_enquire_add_docidspy(xc_enquire *enq, xc_docidspy *spy, xc_error *err) {
    if (!enq || !spy) return bad_arg(err, "enq or spy");
    return guarded(err, [&] {
        enq->add_counter(spy);
    });
}

xc_status xc_mset_each_docid(xc_mset *m, xc_docid_fn fn, void *ctx, xc_error *err) {
    if (!m || !fn) return bad_arg(err, "m or fn");
    return guarded(err, [&] {
        for (auto it = m->mset.begin(); it != m->mset.end(); ++it) fn(ctx, *it);
    });
}

xc_status xc_enquire_add_spy(xc_enquire *enq, xc_facetspy *spy, xc_error *err) {
    if (!enq || !spy) return bad_arg(err, "enq or spy");
    return guarded(err, [&] {
        enq->add_counter(spy);
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

}  // extern "C"
