// xapian-docwords.cc: a document's body stems and their wdf, read from its
// stored data rather than its termlist (data_words), and many terms'
// frequencies in one request (shard_termfreqs).
//
// Why: a remote shard's server sends a termlist a message a term, working
// out each term's frequency first (25-37 ms a generated document on
// loopback), and relevance feedback reads ten: most of a ranked query
// through remote shards.  A document's data is one message, and its
// passages hold every word the writer indexed without a prefix: each
// passage's heading where it differs from the one before, then its text,
// folded where it is not ASCII as xc_termgen_index folds it (index_folded;
// the order is lib/index/prepare.c's index_passage).
// tests/test-expand holds data_words to the termlists of every document
// of its databases.

#include "xapian-internal.hh"

#include <jansson.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "docdata.h"
#include "normalise.h"

namespace xcw {

void index_folded(Xapian::TermGenerator &tg, const Xapian::Stem &stem, const char *text,
                  size_t len, const std::string &prefix) {
    for (size_t i = 0; i < len; i++) {
        if (static_cast<unsigned char>(text[i]) < 0x80) continue;
        size_t flen = 0;
        char *folded = norm_fold(text, len, &flen, nullptr);
        if (!folded) throw std::bad_alloc();
        std::string s(folded, flen);
        std::free(folded);
        index_compounds(tg, stem, s, prefix);
        return;
    }
    index_compounds(tg, stem, std::string(text, len), prefix);
}

namespace {

// A field of a passage's line, "" when absent.
std::string field(json_t *o, const char *key, size_t *len) {
    json_t *v = json_object_get(o, key);
    const char *s = json_string_value(v);
    *len = s ? json_string_length(v) : 0;
    return s ? std::string(s, *len) : std::string();
}

}  // namespace

std::vector<std::pair<std::string, Xapian::termcount>> data_words(const Xapian::Document &doc) {
    xc_doc d{doc, {}};
    char *data = nullptr;
    size_t len = 0;
    xc_error err;
    if (docdata_get(&d, &data, &len, &err) != XC_OK)
        throw Xapian::DatabaseCorruptError(err.message);
    Xapian::Document words;
    Xapian::TermGenerator tg;
    const Xapian::Stem english(ENGLISH);
    tg.set_stemmer(english);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    tg.set_document(words);
    try {
        // a line of metadata, then a line a passage
        const char *line = std::strchr(data, '\n');
        std::string prev_heading;
        for (bool first = true; line; first = false) {
            const char *start = line + 1;
            line = std::strchr(start, '\n');
            size_t n = line ? static_cast<size_t>(line - start) : std::strlen(start);
            json_error_t je;
            std::unique_ptr<json_t, void (*)(json_t *)> p(json_loadb(start, n, 0, &je),
                                                          [](json_t *j) { json_decref(j); });
            if (!p) throw Xapian::DatabaseCorruptError("a passage of the document's data");
            size_t hlen = 0, tlen = 0;
            std::string heading = field(p.get(), DATA_HEADING, &hlen),
                        text = field(p.get(), DATA_TEXT, &tlen);
            if (first || heading != prev_heading) index_folded(tg, english, heading.data(), hlen, "");
            index_folded(tg, english, text.data(), tlen, "");
            prev_heading = std::move(heading);
        }
    } catch (...) {
        std::free(data);
        throw;
    }
    std::free(data);
    std::vector<std::pair<std::string, Xapian::termcount>> out;
    for (auto t = words.termlist_begin(); t != words.termlist_end(); ++t)
        out.emplace_back(*t, t.get_wdf());
    return out;
}

void shard_termfreqs(const Xapian::Database &shard, const std::vector<std::string> &terms,
                     std::vector<Xapian::doccount> &freqs) {
    freqs.assign(terms.size(), 0);
    if (terms.empty()) return;
    std::vector<Xapian::Query> leaves(terms.begin(), terms.end());
    // The statistics of every term of the query come back with an MSet,
    // for all of them at once; a term that no document holds on the left
    // of an AND_MAYBE keeps the match itself empty (a plain OR of a
    // thousand terms was five times slower).
    const Xapian::Query none(NO_SUCH_TERM);
    Xapian::Enquire enq(shard);
    enq.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, none,
                                Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end())));
    const Xapian::MSet m = enq.get_mset(0, 0);
    for (size_t i = 0; i < terms.size(); i++) freqs[i] = m.get_termfreq(terms[i]);
}

}  // namespace xcw

using namespace xcw;

extern "C" xc_status xc_rdb_body_words(xc_rdb *db, unsigned docid, int from_data, xc_word_fn fn,
                                       void *ctx, xc_error *err) {
    if (!db || !fn) return bad_arg(err, "db or fn");
    return guarded(err, [&] {
        // a body stem: no field's (upper-case) prefix after the Z
        auto body = [](const std::string &t) {
            return t.size() > 1 && t[0] == 'Z' && !(t[1] >= 'A' && t[1] <= 'Z');
        };
        if (from_data) {
            for (const auto &w : data_words(db->db.get_document(docid)))
                if (body(w.first)) fn(ctx, w.first.c_str(), w.second);
            return;
        }
        for (auto t = db->db.termlist_begin(docid); t != db->db.termlist_end(docid); ++t)
            if (body(*t)) fn(ctx, (*t).c_str(), t.get_wdf());
    });
}
