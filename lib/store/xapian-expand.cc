// xapian-expand.cc: relevance feedback's words (xc_enquire_expand).
//
// Xapian 1.4's Enquire::get_eset merges the relevant documents' whole
// termlists and asks the decider about every term, the kind-scoped
// boolean terms (XW..., schema 7) too, which sort before every plain
// word's stem and double the walk.  The same ESet is computed here from
// each termlist read from "Za" on, with get_eset's arithmetic:
// TradEWeight (Enquire's default scheme, k = 1), over several shards the
// term frequency of the shards that hold the term scaled up as get_eset
// scales it, the query's own terms left out, and the same bounded heap
// and order.  A term that cannot beat the worst of a full ESet is not
// looked up.  On a remote shard a document's words come from its data and
// their frequencies in one request (xapian-docwords.cc: a server sends a
// termlist a message a term, and get_eset asks it for each term's
// collection frequency, a round trip each); several remote shards are
// asked at once, a thread each.  A stub file that names several databases
// keeps get_eset.
//
// Each term's multiplier is summed over the relevant documents in docid
// order.  get_eset sums it in the order of a tree it builds from the
// termlists' sizes; learning those sizes inflates every termlist a
// second time (Xapian's get_unique_terms, 8% of a ranked query's
// instructions), for a sum that differs in its last bits only
// (tests/test-expand compares the weights to 1e-12).

#include "xapian-internal.hh"

#include <cmath>

using namespace xcw;

namespace {

// Only the stems of plain words (plain_stem), not a stopword's, make a
// good expansion.
class PlainWords : public Xapian::ExpandDecider {
    std::unordered_set<std::string> stop;

  public:
    PlainWords(const char *const *words, size_t n) : stop(body_stems(words, n)) {}
    bool operator()(const std::string &term) const override {
        return plain_stem(term) && !stop.count(term);
    }
};
// Every term PlainWords accepts sorts at or after this.
const char *const FIRST_PLAIN = "Za";

// get_eset's TradEWeight parameter (Enquire's default expand_k).
constexpr double EXPAND_K = 1.0;

// What get_eset keeps of a term (Xapian::Internal::ExpandTerm): a < b
// when a is the better term, so that a max-heap's top is the worst.
struct Candidate {
    double wt;
    std::string term;
    bool operator<(const Candidate &o) const {
        if (wt > o.wt) return true;
        if (wt < o.wt) return false;
        return term > o.term;
    }
};

// One shard of the database: its own handle (the same one the combined
// database holds), whether it answers over the wire, and its size.
struct Shard {
    Xapian::Database db;
    bool remote;
    Xapian::doccount docs;
    bool kept; // its frequencies kept whole in its metadata (xapian-kept.cc)
};

// A relevant document's plain-word stem: its wdf there, and its term
// frequency in the document's shard where the termlist carries it (a
// remote one does; 0: look it up).
struct Stem {
    std::string term;
    Xapian::termcount wdf;
    Xapian::doccount termfreq;
};
// One relevant document's plain-word stems, in term order.
struct RelevantDoc {
    size_t shard = 0;
    Xapian::termcount doclen = 0;
    std::vector<Stem> terms;
    size_t at = 0;
};

// get_eset(max, rset, decider) with TradEWeight on db, whose shards are
// given.  Each termlist is read from its shard, as get_eset does; a
// remote one comes with its terms' frequencies, which are taken from
// there (a look-up is a round trip).
std::vector<Candidate> expand_shards(xc_rdb &rdb, const std::vector<Shard> &shards,
                                     const Xapian::Query &query,
                                     const std::set<Xapian::docid> &rset, unsigned max,
                                     const PlainWords &accept) {
    std::vector<Candidate> items;
    if (max == 0 || rset.empty()) return items;
    std::set<std::string> query_terms(query.get_terms_begin(), query.get_terms_end());

    std::vector<RelevantDoc> docs;
    for (Xapian::docid did : rset) {
        if (did == 0) throw Xapian::InvalidArgumentError("Docid 0 invalid");
        RelevantDoc d;
        d.shard = (did - 1) % shards.size();
        docs.push_back(std::move(d));
    }
    // Each document's plain-word stems from its shard's termlist, or on a
    // remote shard from its data (data_words: a server sends a termlist a
    // message a term, the data in one), with their frequencies there asked
    // for at once (shard_termfreqs).
    auto read = [&](size_t shard_no) {
        const Shard &shard = shards[shard_no];
        size_t i = 0;
        for (Xapian::docid did : rset) {
            RelevantDoc &d = docs[i++];
            if (d.shard != shard_no) continue;
            Xapian::docid in_shard = (did - 1) / static_cast<Xapian::docid>(shards.size()) + 1;
            d.doclen = shard.db.get_doclength(in_shard);
            if (shard.remote) {
                auto words = data_words(shard.db.get_document(in_shard));
                auto it = std::lower_bound(words.begin(), words.end(),
                                           std::make_pair(std::string(FIRST_PLAIN), Xapian::termcount(0)));
                for (; it != words.end() && it->first[0] == 'Z'; ++it)
                    d.terms.push_back({std::move(it->first), it->second, 0});
                continue;
            }
            Xapian::TermIterator it = shard.db.termlist_begin(in_shard);
            const Xapian::TermIterator end = shard.db.termlist_end(in_shard);
            it.skip_to(FIRST_PLAIN);
            for (; it != end; ++it) {
                std::string term = *it;
                if (term[0] != 'Z') break;
                d.terms.push_back({std::move(term), it.get_wdf(), 0});
            }
        }
        if (!shard.remote) return;
        std::unordered_map<std::string, Xapian::doccount> freq;
        for (const RelevantDoc &d : docs)
            if (d.shard == shard_no)
                for (const Stem &stem : d.terms)
                    if (accept(stem.term) && !query_terms.count(stem.term)) freq.emplace(stem.term, 0);
        std::vector<std::string> wanted;
        for (const auto &f : freq) wanted.push_back(f.first);
        std::vector<Xapian::doccount> freqs;
        shard_termfreqs(shard.db, wanted, freqs);
        for (size_t k = 0; k < wanted.size(); k++) freq[wanted[k]] = freqs[k];
        for (RelevantDoc &d : docs)
            if (d.shard == shard_no)
                for (Stem &stem : d.terms) {
                    auto f = freq.find(stem.term);
                    if (f != freq.end()) stem.termfreq = f->second;
                }
    };
    // A remote shard answers each request in turn: the shards are asked at
    // once (each_shard), not one after the other.
    std::vector<bool> remote(shards.size());
    for (size_t n = 0; n < shards.size(); n++) remote[n] = shards[n].remote;
    each_shard(remote, read);

    const Xapian::Database &db = rdb.db;
    const Xapian::doccount dbsize = db.get_doccount();
    const Xapian::doclength avlen = db.get_avlength();
    const Xapian::doccount rsize = static_cast<Xapian::doccount>(rset.size());
    // TradEWeight::get_weight, its operand types kept (unsigned
    // differences before the conversions to double)
    auto weight = [&](Xapian::doccount termfreq, Xapian::doccount rtermfreq, double multiplier) {
        double reldocs_without_term = rsize - rtermfreq;
        double num = (rtermfreq + 0.5) * (dbsize - termfreq - reldocs_without_term + 0.5);
        double denom = (termfreq - rtermfreq + 0.5) * (reldocs_without_term + 0.5);
        return multiplier * std::log(num / denom);
    };
    // ExpandWeight::collect_stats's term frequency: the sum over the
    // shards that hold it in a relevant document, scaled up to the whole
    // database when those are not all (use_exact_termfreq off).
    std::vector<const Stem *> seen(shards.size());
    auto termfreq = [&](const std::string &term, Xapian::doccount rtermfreq) {
        Xapian::doccount tf = 0, seen_docs = 0;
        for (size_t n = 0; n < shards.size(); n++) {
            if (!seen[n]) continue;
            // the shard's table, where it is whole (its keys side by side:
            // a look-up in the postings reads a block a term); else one
            // local database's look-ups kept (a batch or a server asks for
            // the same words again)
            tf += seen[n]->termfreq      ? seen[n]->termfreq
                  : shards[n].kept     ? kept_freq(shards[n].db, term)
                  : shards.size() == 1 ? rdb.termfreq(term)
                                       : shards[n].db.get_termfreq(term);
            seen_docs += shards[n].docs;
        }
        if (seen_docs == dbsize) return tf;
        double scaled = double(tf) * dbsize / seen_docs;
        tf = static_cast<Xapian::doccount>(scaled + 0.5);
        return std::min(tf, dbsize - (rsize - rtermfreq));
    };

    double min_wt = 0;
    bool is_heap = false;
    while (true) {
        const std::string *term = nullptr; // the smallest term not yet taken
        for (const RelevantDoc &d : docs)
            if (d.at < d.terms.size() && (!term || d.terms[d.at].term < *term))
                term = &d.terms[d.at].term;
        if (!term) break;
        const std::string &name = *term; // stays: the lists are not changed
        bool wanted = accept(name) && !query_terms.count(name);
        Xapian::doccount rtermfreq = 0;
        double multiplier = 0;
        std::fill(seen.begin(), seen.end(), nullptr);
        for (RelevantDoc &d : docs) { // in docid order
            if (d.at == d.terms.size() || d.terms[d.at].term != name) continue;
            const Stem &stem = d.terms[d.at++];
            if (!wanted) continue;
            seen[d.shard] = &stem;
            Xapian::termcount wdf = stem.wdf;
            if (wdf == 0) wdf = 1;
            ++rtermfreq;
            multiplier += (EXPAND_K + 1) * wdf / (EXPAND_K * d.doclen / avlen + wdf);
        }
        if (!wanted) continue;
        // Its weight were no other document to hold it, the most it can
        // have (a margin for log's rounding): a word that cannot beat the
        // ESet's worst is not looked up.
        double best = weight(rtermfreq, rtermfreq, multiplier);
        if (best + 1e-9 * std::fabs(best) <= min_wt) continue;
        double wt = weight(termfreq(name, rtermfreq), rtermfreq, multiplier);
        if (wt <= min_wt) continue;
        items.push_back({wt, name});
        if (items.size() > max) { // drop the worst, as get_eset does
            if (!is_heap) {
                is_heap = true;
                std::make_heap(items.begin(), items.end());
            } else {
                std::push_heap(items.begin(), items.end());
            }
            std::pop_heap(items.begin(), items.end());
            items.pop_back();
            min_wt = items.front().wt;
        }
    }
    if (is_heap)
        std::sort_heap(items.begin(), items.end());
    else
        std::sort(items.begin(), items.end());
    return items;
}

// rdb's shards, each the one database of a part (false, and get_eset
// stays, when a part is a stub file naming several).
bool shards_of(xc_rdb &rdb, std::vector<Shard> &shards) {
    if (rdb.parts.size() != rdb.db.size()) return false;
    for (xc_rdb_part &part : rdb.parts) {
        if (part.opened.size() != 1) return false;
        bool remote = static_cast<bool>(part.open);
        shards.push_back({part.opened, remote, part.opened.get_doccount(), part.kept()});
    }
    return true;
}

}  // namespace

// The arguments' check, and the ESet by get_eset (by_xapian) or, where
// that is the same, by expand_shards.
static xc_status expand(xc_enquire *enq, const unsigned *docids, size_t n, unsigned max,
                        const char *const *stop, size_t n_stop, xc_word_fn fn, void *ctx,
                        bool by_xapian, xc_error *err) {
    if (!enq || (!docids && n) || (!stop && n_stop) || !fn)
        return bad_arg(err, "enq, docids, stop or fn");
    return guarded(err, [&] {
        PlainWords decider(stop, n_stop);
        std::vector<Shard> shards;
        if (!by_xapian && shards_of(*enq->rdb, shards)) {
            std::set<Xapian::docid> rset(docids, docids + n);
            for (const Candidate &c : expand_shards(*enq->rdb, shards, enq->enq.get_query(),
                                                    rset, max, decider))
                fn(ctx, c.term.c_str(), c.wt);
            return;
        }
        Xapian::RSet rset;
        for (size_t i = 0; i < n; i++) rset.add_document(docids[i]);
        Xapian::ESet eset = enq->enq.get_eset(max, rset, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            std::string term = *it;
            fn(ctx, term.c_str(), it.get_weight());
        }
    });
}

xc_status xc_enquire_expand(xc_enquire *enq, const unsigned *docids, size_t n, unsigned max,
                            const char *const *stop, size_t n_stop, xc_word_fn fn, void *ctx,
                            xc_error *err) {
    return expand(enq, docids, n, max, stop, n_stop, fn, ctx, false, err);
}

xc_status xc_enquire_expand_by_xapian(xc_enquire *enq, const unsigned *docids, size_t n,
                                      unsigned max, const char *const *stop, size_t n_stop,
                                      xc_word_fn fn, void *ctx, xc_error *err) {
    return expand(enq, docids, n, max, stop, n_stop, fn, ctx, true, err);
}
